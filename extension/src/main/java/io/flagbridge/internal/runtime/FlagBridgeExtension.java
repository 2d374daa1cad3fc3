package io.flagbridge.internal.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

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
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.FlagUserResolver;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.client.FlagKeys;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.client.FlagUses;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.health.HealthChecks;
import io.flagbridge.internal.segment.SegmentDispatcher;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.internal.telemetry.OtelTelemetry;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.users.Users;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.webhook.WebhookEndpoint;

/**
 * FlagBridge's portable extension: registers its beans, validates the configuration at deployment, builds the
 * application's {@link FlagBridgeRuntime} then and closes it at shutdown. Its beans get the runtime's services when
 * they are created; nothing at run time asks the container for this extension.
 */
public class FlagBridgeExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(FlagBridgeExtension.class.getName());
    private static final FlagEvaluated SAMPLE = new FlagEvaluated("", null, null, null, false, null, Instant.EPOCH,
            null, null);

    private final List<FlagUse> flagUses = new CopyOnWriteArrayList<>();
    private final ProcessedBeans applicationBeans = new ProcessedBeans(List.of(FlagUserResolver.class.getName(),
            ConfigCache.class.getName(), OtelTelemetry.API));
    private volatile FlagBridgeRuntime runtime;
    private volatile Optional<TestKit> testKit = Optional.empty();

    /**
     * Flag keys the application's code names, fired by another extension before this one validates the deployment
     * (from an observer of {@code AfterDeploymentValidation} with a priority below {@code APPLICATION + 500}): with
     * {@code local-only} flags an unknown one is a deployment problem, otherwise a warning at the first config.
     */
    void usesFlags(@Observes FlagUses uses) {
        flagUses.addAll(uses.uses());
    }

    void addTypes(@Observes BeforeBeanDiscovery bbd) {
        ClassLoader loader = applicationLoader();
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
        testKit = testKit(beanManager);
        ConfigReader config = reader();
        // ConfigCatClient is final, so it cannot be proxied: @Singleton.
        bean(abd, ConfigCatClient.class, FlagBridgeRuntime::client);
        bean(abd, SegmentStats.class, FlagBridgeRuntime::counters);
        bean(abd, ClientState.class, FlagBridgeRuntime::state);
        bean(abd, Deployment.class, FlagBridgeRuntime::deployment);
        bean(abd, Counters.class, FlagBridgeRuntime::counters);
        // For FlagBridge's other modules (OpenFeature): the application's runtime itself.
        bean(abd, FlagBridgeRuntime.class, r -> r);
        if (config.string(ConfigKeys.WRITE_KEY).isPresent()) {
            bean(abd, Outbox.class, r -> r.outbox().orElseThrow());
            // Only then: with no async observer at all, exposures are neither deduped nor queued.
            abd.<FlagEvaluated> addObserverMethod().beanClass(FlagBridgeExtension.class)
                    .observedType(FlagEvaluated.class).async(true)
                    .notifyWith(event -> segment().ifPresent(s -> s.evaluated(event.getEvent())));
            abd.<ChangeNotice> addObserverMethod().beanClass(FlagBridgeExtension.class)
                    .observedType(ChangeNotice.class).async(true)
                    .notifyWith(event -> segment().ifPresent(s -> s.changed(event.getEvent())));
        }
        abd.addBean().beanClass(FlagBridgeExtension.class).types(CurrentUser.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .produceWith(beans -> Users.of(beans, applicationBeans.reference(FlagUserResolver.class,
                        beanManager)));
        if (config.string(ConfigKeys.WEBHOOK_SIGNING_KEYS).isPresent()) {
            bean(abd, WebhookEndpoint.class, r -> r.webhook().orElseThrow());
        }
    }

    private <T> void bean(AfterBeanDiscovery abd, Class<T> type, Function<FlagBridgeRuntime, T> service) {
        abd.addBean().beanClass(FlagBridgeExtension.class).types(type, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> service.apply(runtime()));
    }

    void start(@Observes AfterDeploymentValidation adv, BeanManager beanManager) {
        ClassLoader applicationLoader = applicationLoader();
        ConfigReader reader = reader();
        Optional<Settings> settings = Settings.read(reader, applicationLoader);
        warnOfUnknownKeys(reader);
        if (settings.isEmpty()) {
            adv.addDeploymentProblem(configurationProblem(reader.problems()));
            return;
        }
        // A test kit may serve any key (its overrides come at run time): no key is unknown then.
        List<FlagUse> checked = testKit.isPresent() ? List.of() : flagUses;
        List<String> unknownKeys = FlagKeys.problems(settings.get().client().overrides(), checked);
        if (!unknownKeys.isEmpty()) {
            adv.addDeploymentProblem(configurationProblem(unknownKeys));
            return;
        }
        // Resolved once: observers are all known now, and the hook then skips what nobody observes.
        var observers = beanManager.resolveObserverMethods(SAMPLE);
        FlagBridgeRuntime built = new FlagBridgeRuntime(settings.get(), new FlagBridgeRuntime.Observers(
                beanManager.getEvent().select(FlagEvaluated.class),
                observers.stream().anyMatch(observer -> !observer.isAsync()),
                observers.stream().anyMatch(ObserverMethod::isAsync),
                beanManager.getEvent().select(FlagChanged.class), beanManager.getEvent().select(ChangeNotice.class),
                applicationBeans.reference(ConfigCache.class, beanManager)));
        if (settings.get().operations().telemetry() && visible(OtelTelemetry.API, applicationLoader)) {
            try {
                built.telemetry((counters, privacy) -> OtelTelemetry.of(applicationBeans.reference(
                        OtelTelemetry.API, beanManager), counters, privacy, built.staticFlags()));
            } catch (RuntimeException | LinkageError e) {
                // An OpenTelemetry older than FlagBridge needs, or a broken bean: flags work without telemetry.
                LOG.warning(Messages.telemetryUnavailable(e.toString()));
            }
        }
        // Set before the client starts: its hooks may fire events at once, and their observers need the runtime.
        runtime = built;
        testKit.ifPresent(kit -> built.attach(kit, flagUses.stream().filter(use -> use.kind() == FlagUse.Kind.GATE)
                .map(FlagUse::key).collect(Collectors.toSet())));
        try {
            built.start(FlagKeys.checkingFirstConfig(settings.get().client().overrides(), checked));
        } catch (ClientOpenException e) {
            built.close();
            adv.addDeploymentProblem(configurationProblem(List.of(e.getMessage())));
            return;
        }
        if (!settings.get().segment().enabled()) {
            String ignored = reader.flagBridgeLikeNames().stream().filter(ConfigKeys.ALL::contains)
                    .filter(key -> key.startsWith("segment.")).collect(Collectors.joining(", "));
            if (!ignored.isEmpty()) {
                LOG.warning(Messages.segmentKeysWithoutWriteKey(ignored));
            }
        }
        LOG.info(StartSummary.of(settings.get(), built.deployment().application(), testKit.isPresent(),
                settings.get().operations().health() && visible(HealthChecks.API, applicationLoader),
                built.reportsTelemetry()));
    }

    /** One warning per key that looks like FlagBridge's but is none of its keys: a typo is otherwise silent. */
    private static void warnOfUnknownKeys(ConfigReader reader) {
        ConfigKeys.unknown(reader.flagBridgeLikeNames())
                .forEach((key, nearest) -> LOG.warning(Messages.unknownKey(key, nearest)));
    }

    /** The application's configuration, with a test kit's defaults for what it leaves unset. */
    private ConfigReader reader() {
        Config config = ConfigProvider.getConfig(applicationLoader());
        Function<String, Optional<String>> configured = key -> config.getOptionalValue(key, String.class)
                .map(String::trim).filter(value -> !value.isEmpty());
        Optional<TestKit> kit = testKit;
        if (kit.isEmpty()) {
            return new ConfigReader(configured, config::getPropertyNames);
        }
        return new ConfigReader(key -> configured.apply(key).or(() -> kit.get().defaultValue(key, configured)),
                config::getPropertyNames);
    }

    /**
     * The test kit of this container: a {@code TestKit} provider of the application's class loader that is also one
     * of the container's extensions; none in production, where the kit is not on the class path.
     */
    private static Optional<TestKit> testKit(BeanManager beanManager) {
        for (ServiceLoader.Provider<TestKit> provider : ServiceLoader.load(TestKit.class, applicationLoader())
                .stream().toList()) {
            Class<? extends TestKit> type = provider.type();
            if (Extension.class.isAssignableFrom(type)) {
                try {
                    return Optional.of(type.cast(beanManager.getExtension(type.asSubclass(Extension.class))));
                } catch (IllegalArgumentException notAnExtensionHere) {
                    // on the class path but not registered in this container
                }
            }
        }
        return Optional.empty();
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
    }

    private Optional<SegmentDispatcher> segment() {
        return runtime().segment();
    }

    private FlagBridgeRuntime runtime() {
        FlagBridgeRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException(Messages.clientOutsideItsLifetime());
        }
        return current;
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FlagBridgeExtension.class.getClassLoader();
    }
}
