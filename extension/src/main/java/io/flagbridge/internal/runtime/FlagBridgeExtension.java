package io.flagbridge.internal.runtime;

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;

import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUserResolver;
import io.flagbridge.RequestFlags;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.health.HealthChecks;
import io.flagbridge.internal.request.CurrentRequestFlags;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.internal.telemetry.OtelTelemetry;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.users.Users;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.webhook.WebhookEndpoint;

/**
 * FlagBridge's portable extension: registers its beans, has the application's {@link FlagBridgeRuntime} built and
 * started once the deployment is validated, and closes it at shutdown. Its beans get the runtime's services when they
 * are created; nothing at run time asks the container for this extension. Containers without portable extensions
 * (Quarkus) run {@link FlagBridgeBuildExtension} instead.
 */
public class FlagBridgeExtension implements Extension {

    private static final AppLog LOG = AppLog.of(FlagBridgeExtension.class);

    /**
     * The application's beans that FlagBridge looks for, noted as the container processes them: a look-up by type from
     * FlagBridge's jar need not see them (Payara Server). Types by name: OpenTelemetry's may be missing.
     */
    private final ProcessedBeans applicationBeans = new ProcessedBeans(List.of(FlagUserResolver.class.getName(),
            ConfigCache.class.getName(), DeclaredFlags.class.getName(), OtelTelemetry.API));
    private volatile FlagBridgeRuntime runtime;

    void addTypes(@Observes BeforeBeanDiscovery bbd) {
        ClassLoader loader = RuntimeStart.applicationLoader();
        ConfigReader config = ConfigReader.of(ConfigProvider.getConfig(loader));
        // An invalid value is reported by the validation at AfterDeploymentValidation.
        if (config.bool(ConfigKeys.HEALTH_ENABLED, true, Messages::healthEnabledInvalid)
                && visible(HealthChecks.API, loader)) {
            HealthChecks.addTo(bbd);
        }
    }

    /** Whether the application sees the class; nothing of it is initialised. */
    static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    void noteApplicationBeans(@Observes ProcessBean<?> event) {
        applicationBeans.offer(event.getBean());
    }

    void addBeans(@Observes AfterBeanDiscovery abd, BeanManager beanManager) {
        // ConfigCatClient is final, so it cannot be proxied: @Singleton.
        bean(abd, ConfigCatClient.class, FlagBridgeRuntime::client);
        bean(abd, SegmentStats.class, FlagBridgeRuntime::counters);
        bean(abd, FlagInventory.class, FlagBridgeRuntime::inventory);
        bean(abd, ClientState.class, FlagBridgeRuntime::state);
        bean(abd, Deployment.class, FlagBridgeRuntime::deployment);
        bean(abd, Counters.class, FlagBridgeRuntime::counters);
        // For FlagBridge's other modules (OpenFeature): the application's runtime itself.
        bean(abd, FlagBridgeRuntime.class, r -> r);
        // Whether Segment is on is known once the runtime is (a test kit may turn it on): these are there anyway, and
        // the runtime neither dedupes nor queues exposures when nobody else observes them and Segment is off.
        bean(abd, Outbox.class, r -> r.outbox().orElseThrow(() -> new IllegalStateException(
                Messages.serviceOff("The Segment outbox", ConfigKeys.WRITE_KEY))));
        abd.<FlagEvaluated> addObserverMethod().beanClass(FlagBridgeExtension.class)
                .observedType(FlagEvaluated.class).async(true)
                .notifyWith(event -> runtime().segment().ifPresent(s -> s.evaluated(event.getEvent())));
        abd.<ChangeNotice> addObserverMethod().beanClass(FlagBridgeExtension.class)
                .observedType(ChangeNotice.class).async(true)
                .notifyWith(event -> runtime().segment().ifPresent(s -> s.changed(event.getEvent())));
        abd.addBean().beanClass(FlagBridgeExtension.class).types(CurrentUser.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .produceWith(beans -> Users.of(applicationBeans.reference(FlagUserResolver.class, beanManager),
                        beans.select(Principal.class), beans));
        bean(abd, Requests.class, FlagBridgeRuntime::requests);
        abd.addBean().beanClass(FlagBridgeExtension.class).types(RequestFlags.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(RequestScoped.class)
                .produceWith(beans -> new CurrentRequestFlags(runtime().requests(),
                        beans.select(CurrentUser.class).get()::get));
        // An invalid value is reported by the validation at AfterDeploymentValidation.
        if (ConfigReader.of(ConfigProvider.getConfig(RuntimeStart.applicationLoader())).bool(
                ConfigKeys.REQUEST_CONSISTENCY, true, Messages::requestConsistencyInvalid)) {
            abd.addObserverMethod().beanClass(FlagBridgeExtension.class).observedType(Object.class)
                    .qualifiers(Initialized.Literal.REQUEST).notifyWith(event -> requests().ifPresent(Requests::begin));
            abd.addObserverMethod().beanClass(FlagBridgeExtension.class).observedType(Object.class)
                    .qualifiers(Destroyed.Literal.REQUEST).notifyWith(event -> requests().ifPresent(Requests::end));
        }
        // Used only when configcat.webhook.signing-keys is set (the servlet is registered then).
        bean(abd, WebhookEndpoint.class, r -> r.webhook().orElseThrow(() -> new IllegalStateException(
                Messages.serviceOff("The webhook endpoint", ConfigKeys.WEBHOOK_SIGNING_KEYS))));
    }

    private <T> void bean(AfterBeanDiscovery abd, Class<T> type, Function<FlagBridgeRuntime, T> service) {
        abd.addBean().beanClass(FlagBridgeExtension.class).types(type, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> service.apply(runtime()));
    }

    /** The application's {@code OpenTelemetry} bean of the API that FlagBridge's own classes see, if any. */
    private Optional<Object> openTelemetryBean(BeanManager beanManager) {
        try {
            return applicationBeans.reference(OtelTelemetry.API, FlagBridgeExtension.class.getClassLoader(),
                    beanManager);
        } catch (ClassNotFoundException e) {
            return Optional.empty(); // asked only where the API is visible
        }
    }

    void start(@Observes AfterDeploymentValidation adv, BeanManager beanManager) {
        try {
            RuntimeStart.start(beanManager, new RuntimeStart.Beans(
                    RuntimeStart.one(beanManager.createInstance().select(TestKit.class)),
                    applicationBeans.reference(DeclaredFlags.class, beanManager).stream().toList(),
                    applicationBeans.reference(ConfigCache.class, beanManager),
                    () -> openTelemetryBean(beanManager)), built -> runtime = built);
        } catch (DeploymentException problem) {
            adv.addDeploymentProblem(problem);
            return;
        }
        // The user of a request is captured when it hands work to another thread, maybe before anything else asked.
        try {
            beanManager.createInstance().select(CurrentUser.class).get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the current user's sources are looked up at first use", e);
        }
    }

    /**
     * The configuration's problems as one deployment problem, one line each and no stack trace: a misconfiguration
     * is not a bug of the code, and the container adds its own frames.
     */
    public static DeploymentException configurationProblem(List<String> problems) {
        DeploymentException problem = new DeploymentException(String.join("\n", problems));
        problem.setStackTrace(new StackTraceElement[0]);
        return problem;
    }

    void stop(@Observes BeforeShutdown shutdown) {
        // After every application bean's @PreDestroy: flags work until the application has stopped.
        FlagBridgeRuntime current = runtime;
        if (current != null) {
            current.close();
        }
        AppLog.forget(RuntimeStart.applicationLoader());
    }

    /** The runtime's requests; none before it started (a request of a deployment that failed, or is starting). */
    private Optional<Requests> requests() {
        FlagBridgeRuntime current = runtime;
        return current == null ? Optional.empty() : Optional.of(current.requests());
    }

    private FlagBridgeRuntime runtime() {
        FlagBridgeRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException(Messages.clientOutsideItsLifetime());
        }
        return current;
    }
}
