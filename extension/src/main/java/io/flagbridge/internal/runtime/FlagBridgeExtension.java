package io.flagbridge.internal.runtime;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.segment.SegmentDispatcher;
import io.flagbridge.internal.webhook.WebhookEndpoint;

/**
 * FlagBridge's portable extension: registers its beans, validates the configuration at deployment, builds the
 * application's {@link FlagBridgeRuntime} then and closes it at shutdown. Its beans get the runtime's services when
 * they are created; nothing at run time asks the container for this extension.
 */
public class FlagBridgeExtension implements Extension {

    private static final FlagEvaluated SAMPLE = new FlagEvaluated("", null, null, null, false, null, Instant.EPOCH,
            null, null);

    private volatile FlagBridgeRuntime runtime;

    void addBeans(@Observes AfterBeanDiscovery abd) {
        ConfigReader config = ConfigReader.of(ConfigProvider.getConfig(applicationLoader()));
        // ConfigCatClient is final, so it cannot be proxied: @Singleton.
        bean(abd, ConfigCatClient.class, FlagBridgeRuntime::client);
        bean(abd, SegmentStats.class, FlagBridgeRuntime::counters);
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
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader));
        Optional<Settings> settings = Settings.read(reader, applicationLoader);
        if (settings.isEmpty()) {
            reader.problems().forEach(problem -> adv.addDeploymentProblem(new DeploymentException(problem)));
            return;
        }
        // Resolved once: observers are all known now, and the hook then skips what nobody observes.
        var observers = beanManager.resolveObserverMethods(SAMPLE);
        FlagBridgeRuntime built = new FlagBridgeRuntime(settings.get(), new FlagBridgeRuntime.Observers(
                beanManager.getEvent().select(FlagEvaluated.class),
                observers.stream().anyMatch(observer -> !observer.isAsync()),
                observers.stream().anyMatch(ObserverMethod::isAsync),
                beanManager.getEvent().select(FlagChanged.class), beanManager.getEvent().select(ChangeNotice.class)));
        // Set before the client starts: its hooks may fire events at once, and their observers need the runtime.
        runtime = built;
        try {
            built.start();
        } catch (ClientOpenException e) {
            built.close();
            adv.addDeploymentProblem(new DeploymentException(e.getMessage()));
        }
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
