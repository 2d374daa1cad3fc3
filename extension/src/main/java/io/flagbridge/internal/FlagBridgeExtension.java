package io.flagbridge.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
import io.flagbridge.internal.changes.ChangeEvents;
import io.flagbridge.internal.client.ClientHooks;
import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.client.ManagedClient;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.ClientSettingsReader;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Secrets;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.internal.events.EvaluationEvents;
import io.flagbridge.internal.events.ExposureFilter;
import io.flagbridge.internal.segment.SegmentDispatcher;
import io.flagbridge.internal.webhook.WebhookVerifier;

/**
 * FlagBridge's portable extension: makes {@code @Inject ConfigCatClient} work in any application that has the jar,
 * validates the configuration at deployment and owns the client from application start to stop.
 */
public class FlagBridgeExtension implements Extension {

    private static final FlagEvaluated SAMPLE = new FlagEvaluated("", null, null, null, false, null, Instant.EPOCH,
            null, null);

    private final Counters counters = new Counters();
    private volatile ManagedClient managedClient;
    private volatile EvaluationEvents events;
    private volatile SegmentDispatcher segment;
    private volatile SegmentSettings segmentSettings;
    private volatile ChangeEvents changes;
    private volatile ChangeSettings changeSettings;
    private volatile WebhookVerifier webhookVerifier;

    void addBeans(@Observes AfterBeanDiscovery abd) {
        abd.addBean()
                .beanClass(FlagBridgeExtension.class)
                .types(SegmentStats.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .createWith(context -> counters);
        if (ConfigReader.of(ConfigProvider.getConfig(applicationLoader())).string(SegmentSettings.WRITE_KEY)
                .isPresent()) {
            // Only then: with no async observer at all, exposures are neither deduped nor queued.
            abd.<FlagEvaluated> addObserverMethod()
                    .beanClass(FlagBridgeExtension.class)
                    .observedType(FlagEvaluated.class)
                    .async(true)
                    .notifyWith(context -> {
                        SegmentDispatcher dispatcher = segment;
                        if (dispatcher != null) {
                            dispatcher.evaluated(context.getEvent());
                        }
                    });
        }
        // ConfigCatClient is final, so it cannot be proxied: @Singleton, created by the observer below.
        abd.addBean()
                .beanClass(FlagBridgeExtension.class)
                .types(ConfigCatClient.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .createWith(context -> client());
    }

    void start(@Observes AfterDeploymentValidation adv, BeanManager beanManager) {
        ClassLoader applicationLoader = applicationLoader();
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader));
        Optional<ClientSettings> settings = ClientSettingsReader.read(reader, applicationLoader);
        Optional<SegmentSettings> segmentSettings = SegmentSettings.read(reader);
        Optional<ChangeSettings> changeSettings = ChangeSettings.read(reader);
        List<String> problems = reader.problems();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> adv.addDeploymentProblem(new DeploymentException(problem)));
            return;
        }
        SegmentSettings segmentConfig = segmentSettings.orElseThrow();
        this.segmentSettings = segmentConfig;
        ExposureFilter window = new ExposureFilter(segmentConfig.dedupeWindow());
        // Resolved once: observers are all known now, and the hook then skips what nobody observes.
        var observers = beanManager.resolveObserverMethods(SAMPLE);
        boolean syncObservers = observers.stream().anyMatch(observer -> !observer.isAsync());
        boolean asyncObservers = observers.stream().anyMatch(ObserverMethod::isAsync);
        EvaluationEvents evaluationEvents = new EvaluationEvents(beanManager.getEvent().select(FlagEvaluated.class),
                syncObservers, asyncObservers, window, segmentConfig.eventQueueCapacity(), counters);
        SegmentDispatcher dispatcher;
        try {
            dispatcher = segmentConfig.enabled() ? new SegmentDispatcher(segmentConfig, window, counters) : null;
        } catch (RuntimeException e) {
            evaluationEvents.close();
            adv.addDeploymentProblem(new DeploymentException("FLAGBRIDGE-0065: the Segment client could not be "
                    + "created: " + Secrets.redact(String.valueOf(e.getMessage()),
                            segmentConfig.writeKey().orElseThrow())));
            return;
        }
        ChangeSettings changeConfig = changeSettings.orElseThrow();
        ChangeEvents changeEvents = new ChangeEvents(beanManager.getEvent().select(FlagChanged.class),
                evaluationEvents.executor(), changeConfig, change -> {
                    if (dispatcher != null) {
                        dispatcher.changed(change, changeConfig);
                    }
                }, Clock.systemUTC());
        try {
            managedClient = ManagedClient.open(settings.orElseThrow(),
                    new ClientHooks(evaluationEvents::evaluated, changeEvents::configChanged));
            events = evaluationEvents;
            segment = dispatcher;
            changes = changeEvents;
            this.changeSettings = changeConfig;
            webhookVerifier = changeConfig.webhookEnabled()
                    ? new WebhookVerifier(changeConfig.signingKeys(), changeConfig.webhookMaxAge(), Clock.systemUTC())
                    : null;
        } catch (ClientOpenException e) {
            evaluationEvents.close();
            if (dispatcher != null) {
                dispatcher.close();
            }
            adv.addDeploymentProblem(new DeploymentException(e.getMessage()));
        }
    }

    void stop(@Observes BeforeShutdown shutdown) {
        // In order: no new evaluations, queued exposures reach their observers, Segment gets what is pending.
        ManagedClient client = managedClient;
        managedClient = null;
        if (client != null) {
            client.close();
        }
        EvaluationEvents evaluationEvents = events;
        events = null;
        if (evaluationEvents != null) {
            evaluationEvents.close(segmentSettings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        SegmentDispatcher dispatcher = segment;
        segment = null;
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    /** Change events, for the webhook; null before deployment validation or after shutdown. */
    public ChangeEvents changes() {
        return changes;
    }

    /** The webhook's verifier, or null when the webhook is off. */
    public WebhookVerifier webhookVerifier() {
        return webhookVerifier;
    }

    /** The change settings, for the webhook. */
    public ChangeSettings changeSettings() {
        return changeSettings;
    }

    /** The delivery counters; for tests. */
    public Counters counters() {
        return counters;
    }

    /** The Segment dispatcher, or null when Segment is off; for tests. */
    public SegmentDispatcher segment() {
        return segment;
    }

    /** The running client; for FlagBridge's own beans and tests. */
    public ManagedClient managedClient() {
        ManagedClient client = managedClient;
        if (client == null) {
            throw new IllegalStateException("FLAGBRIDGE-0023: the ConfigCatClient exists from the end of "
                    + "deployment validation until shutdown; it was requested outside that time");
        }
        return client;
    }

    private ConfigCatClient client() {
        return managedClient().client();
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FlagBridgeExtension.class.getClassLoader();
    }
}
