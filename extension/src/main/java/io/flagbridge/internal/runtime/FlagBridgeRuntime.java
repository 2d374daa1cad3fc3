package io.flagbridge.internal.runtime;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.event.Event;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.OverrideBehaviour;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeEvents;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.changes.FlagFileWatch;
import io.flagbridge.internal.client.ClientHooks;
import io.flagbridge.internal.client.ClientLayer;
import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.client.FlagKeys;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.client.ManagedClient;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.client.StaticResults;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.delivery.Sender;
import io.flagbridge.internal.events.DedupeWindow;
import io.flagbridge.internal.events.EvaluationEvents;
import io.flagbridge.internal.events.EventQueue;
import io.flagbridge.internal.events.ExposureFilter;
import io.flagbridge.internal.events.ExposurePolicy;
import io.flagbridge.internal.inventory.FlagCounts;
import io.flagbridge.internal.inventory.Inventory;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.sdk.FileWatcher;
import io.flagbridge.internal.segment.SegmentDispatcher;
import io.flagbridge.internal.spi.Capture;
import io.flagbridge.internal.telemetry.Telemetry;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.ThreadCounts;
import io.flagbridge.internal.webhook.WebhookEndpoint;
import io.flagbridge.internal.webhook.WebhookVerifier;

/**
 * Everything FlagBridge runs for one application, built from its validated settings and closed as one: the event
 * queue, the Segment outbox and sender, the ConfigCat client and its hooks, the webhook. It needs from CDI only the
 * two {@code Event}s and whether observers exist, so that any kind of extension can build it.
 */
public final class FlagBridgeRuntime implements AutoCloseable {

    private static final AppLog LOG = AppLog.of(FlagBridgeRuntime.class);

    /**
     * What the container tells the runtime.
     *
     * @param evaluated the application's {@code Event<FlagEvaluated>}
     * @param syncEvaluated whether any {@code @Observes FlagEvaluated} observer exists
     * @param asyncEvaluated whether any {@code @ObservesAsync FlagEvaluated} observer exists (the Segment
     *        dispatcher included)
     * @param applicationAsyncEvaluated whether an {@code @ObservesAsync FlagEvaluated} observer other than the
     *        Segment dispatcher exists
     * @param changed the application's {@code Event<FlagChanged>}
     * @param notices the event of FlagBridge's own change observers
     * @param cache the application's {@code com.configcat.ConfigCache} bean, if it has one
     */
    public record Observers(Event<FlagEvaluated> evaluated, boolean syncEvaluated, boolean asyncEvaluated,
            boolean applicationAsyncEvaluated, Event<FlagChanged> changed, Event<ChangeNotice> notices,
            Optional<ConfigCache> cache) {
    }

    private final Settings settings;
    private final Deployment deployment;
    private final Optional<ConfigCache> cache;
    private final Counters counters = new Counters();
    private final ClientState state;
    private final StaticFlags staticFlags = new StaticFlags();
    private final Inventory inventory = new Inventory(new FlagCounts(counters.perThread()), staticFlags,
            Clock.systemUTC());
    private final EventQueue queue;
    private final ExposureFilter exposures;
    private final EvaluationEvents evaluations;
    private final ChangeEvents changes;
    private final UserPrivacy privacy;
    private final Optional<Outbox> outbox;
    private final Optional<Sender> sender;
    private final Optional<SegmentDispatcher> segment;
    private final Requests requests;
    private volatile ManagedClient client;
    private volatile Optional<WebhookEndpoint> webhook = Optional.empty();
    private volatile Optional<FlagFileWatch> flagFileWatch = Optional.empty();
    private volatile Telemetry telemetry = Telemetry.NONE;
    private volatile boolean closed;
    private volatile Optional<ClientLayer> layer = Optional.empty();

    /** Starts the event and Segment threads (with the application's context class loader); no client yet. */
    public FlagBridgeRuntime(Settings settings, Observers observers) {
        this.settings = settings;
        this.deployment = Deployment.of(settings);

        this.cache = observers.cache();
        this.state = new ClientState(Clock.systemUTC(), settings.client().overrides().isPresent());
        this.requests = new Requests(settings.request().consistent());
        warnOfKeysInClear(settings);
        DedupeWindow window = new DedupeWindow(settings.segment().dedupeWindow());
        // The event thread also samples the inventory's counts, so that evaluations never read a clock for it.
        this.queue = EventQueue.forObservers(settings.events(), counters,
                now -> Math.min(window.tick(now), inventory.tick(now)));
        this.exposures = new ExposureFilter(window);
        ExposurePolicy policy = new ExposurePolicy(settings.segment(), staticFlags);
        this.evaluations = new EvaluationEvents(observers.evaluated(), observers.syncEvaluated(),
                observers.asyncEvaluated(), observers.applicationAsyncEvaluated(), exposures, policy, queue, counters);
        this.changes = new ChangeEvents(observers.changed(), observers.notices(), queue, settings.changes(),
                Clock.systemUTC());
        changes.onChangedKeys(keys -> staticFlags.forget()); // a re-read flag file as well as a new config
        this.privacy = new UserPrivacy(settings.segment());
        this.outbox = settings.segment().enabled() ? Optional.of(new Outbox(settings.segment(), counters))
                : Optional.empty();
        try {
            this.sender = outbox.map(o -> new Sender(settings.segment(), o));
        } catch (RuntimeException | Error e) {
            queue.close(Deadline.after(Duration.ZERO)); // no thread of ours outlives a failed start
            throw e;
        }
        // Replicas of one application share it; another application, or another environment, has another.
        String environment = settings.changes().environmentId().orElse(settings.client().environment());
        this.segment = outbox.map(o -> new SegmentDispatcher(settings.segment(), settings.changes(), environment,
                privacy, window, policy, o, counters, queue));
    }

    /** A key that would cross the network unencrypted is worth a warning at deployment (not an error: a proxy). */
    private static void warnOfKeysInClear(Settings settings) {
        URI endpoint = settings.segment().endpoint();
        if (settings.segment().enabled() && inClear(endpoint)) {
            LOG.warning(Messages.endpointInClear(endpoint.toString()));
        }
        settings.client().baseUrl().map(URI::create).filter(FlagBridgeRuntime::inClear)
                .ifPresent(url -> LOG.warning(Messages.baseUrlInClear(url.toString())));
    }

    /** Plain HTTP to a host that is not this machine (by its name or address, without a DNS lookup). */
    static boolean inClear(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1");
        return "http".equalsIgnoreCase(url.getScheme()) && !loopback;
    }

    /**
     * Before {@link #start}: reports to OpenTelemetry through what the factory makes of the runtime (its counters,
     * privacy rules, flags and inventory); closed with the runtime.
     */
    public void telemetry(Function<FlagBridgeRuntime, Telemetry> factory) {
        telemetry = factory.apply(this);
    }

    /** Before {@link #start}: the flag keys the application's code names, for the inventory. */
    public void declared(Collection<FlagUse> uses) {
        inventory.declared(uses);
    }

    /**
     * Opens the ConfigCat client and the webhook, checking the application's flag keys against the first config.
     *
     * @throws ClientOpenException when the client cannot be created; its message names no secret
     */
    public void start(FlagKeys flagKeys) {
        Telemetry reporting = telemetry;
        ThreadCounts perThread = counters.perThread();
        FlagCounts flagCounts = inventory.counts();
        // One thread-local read for everything an evaluation counts (a read costs a few ns in a server's crowded
        // map). With telemetry, it counts the evaluation by reason; without, nobody reads reasons.
        Consumer<EvaluationDetails<Object>> evaluated = reporting == Telemetry.NONE ? details -> {
            ThreadCounts.Scratch scratch = perThread.scratch();
            evaluations.evaluated(details, scratch);
            flagCounts.count(scratch, details, null);
        } : details -> {
            ThreadCounts.Scratch scratch = perThread.scratch();
            evaluations.evaluated(details, scratch);
            reporting.evaluated(details, scratch);
        };
        ManagedClient opened = ManagedClient.open(settings.client(), new ClientHooks(evaluated,
                config -> {
                    staticFlags.remote(config);
                    flagKeys.configArrived(config);
                    changes.configChanged(config);
                }, state), privacy, cache, layer);
        client = opened;
        staticFlags.client(opened.client());
        flagFileWatch = opened.reloadedFlags().map(flags -> {
            FlagFileWatch watch = new FlagFileWatch(flags::current, flags.behaviour(), changes);
            return FileWatcher.afterReload(flags, watch::reloaded,
                    failure -> LOG.warning(Messages.flagFileNotReread(settings.client().overrides()
                            .flatMap(Overrides::file).map(Object::toString).orElse("?"), failure.toString())))
                                    ? watch
                                    : null;
        });
        boolean reReadsFlagFile = settings.client().overrides().filter(o -> o.autoReload() && o.file().isPresent())
                .isPresent();
        requests.client(opened.client(), StaticResults.eligible(settings.client(), cache.isPresent(),
                layer.isPresent(), reReadsFlagFile && flagFileWatch.isEmpty())
                        ? new StaticResults(opened.client(), evaluated, staticFlags)
                        : null);
        if (settings.changes().webhookEnabled()) {
            Duration maxAge = settings.changes().webhookMaxAge();
            webhook = Optional.of(new WebhookEndpoint(new WebhookVerifier(settings.changes().signingKeys(), maxAge,
                    Clock.systemUTC()), maxAge, Clock.systemUTC(), opened.client(), changes, counters,
                    settings.client().overrides().map(Overrides::behaviour)
                            .filter(behaviour -> behaviour == OverrideBehaviour.LOCAL_ONLY).isEmpty()));
        }
    }

    /**
     * Puts flags in front of the client's own (a test kit's overrides) and has Segment's batches go to the capture
     * instead of Segment. Before {@link #start}.
     */
    public void layer(ClientLayer front, Capture capture) {
        this.layer = Optional.of(front);
        sender.ifPresent(s -> s.capture(capture));
    }

    /** Has the messages waiting for Segment sent now, not at the next flush interval. */
    public void flush() {
        outbox.ifPresent(Outbox::flush);
    }

    /**
     * Sends what is waiting and waits, at most {@code timeout}, until the event queue and the Segment outbox stay
     * empty.
     *
     * @return whether they became empty in time
     */
    public boolean settle(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        int quiet = 0;
        while (quiet < 2) {
            flush();
            boolean idle = queue.size() == 0 && outbox.map(Outbox::pending).orElse(0) == 0;
            quiet = idle ? quiet + 1 : 0;
            if (deadline.expired()) {
                return idle;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Forgets which exposures and users were sent in the current dedupe window. */
    public void forgetExposures() {
        exposures.forget();
        segment.ifPresent(SegmentDispatcher::forgetIdentified);
    }

    /** The application's client; from {@link #start} on (closed after {@link #close()}). */
    public ConfigCatClient client() {
        ManagedClient current = client;
        if (current == null) {
            throw new IllegalStateException(Messages.clientOutsideItsLifetime());
        }
        return current.client();
    }

    /** The application's requests: one value per request, handed on to other threads. */
    public Requests requests() {
        return requests;
    }

    /** The application's validated settings. */
    public Settings settings() {
        return settings;
    }

    /** Which flags are static (no targeting rules, no percentage options): the reason STATIC or DEFAULT. */
    public StaticFlags staticFlags() {
        return staticFlags;
    }

    public Counters counters() {
        return counters;
    }

    /** The application's flag inventory (which flags it evaluates, which it never does). */
    public Inventory inventory() {
        return inventory;
    }

    /** The application's name and whether Segment is on, for readiness data. */
    public Deployment deployment() {
        return deployment;
    }

    /** Whether OpenTelemetry reporting is on (set by {@link #telemetry}). */
    public boolean reportsTelemetry() {
        return telemetry != Telemetry.NONE;
    }

    /** What the client knows: config data, the last config and error. */
    public ClientState state() {
        return state;
    }

    /** The Segment dispatcher, when {@code segment.write-key} is set. */
    public Optional<SegmentDispatcher> segment() {
        return segment;
    }

    /** The Segment outbox, when {@code segment.write-key} is set. */
    public Optional<Outbox> outbox() {
        return outbox;
    }

    /** What may leave the process of a user (the Segment privacy rules). */
    public UserPrivacy privacy() {
        return privacy;
    }

    /** Tells the listener the flag keys that really changed with each new config (FlagBridge's diff). */
    public void onChangedKeys(Consumer<List<String>> listener) {
        changes.onChangedKeys(listener);
    }

    /** The webhook, when {@code configcat.webhook.signing-keys} is set, from {@link #start} on. */
    public Optional<WebhookEndpoint> webhook() {
        return webhook;
    }

    /**
     * Stops in order, under one deadline ({@code segment.shutdown-timeout}): the webhook answers 503, the flag file
     * watch ends, the client closes (no new evaluations, no new config; its calls in flight are cancelled), the queued
     * events reach their observers, Segment gets what is pending, and only then are the client's threads waited for,
     * so that a hanging ConfigCat fetch cannot take Segment's time. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Deadline deadline = Deadline.after(settings.segment().shutdownTimeout());
        webhook.ifPresent(WebhookEndpoint::stop);
        flagFileWatch.ifPresent(FlagFileWatch::close);
        ManagedClient current = client;
        if (current != null) {
            current.close(deadline);
        }
        if (!queue.close(deadline)) {
            LOG.warning(Messages.asyncObserversUnfinished(settings.segment().shutdownTimeout()));
        }
        sender.ifPresent(s -> s.stop(deadline));
        if (current != null) {
            current.awaitThreads(deadline);
        }
        telemetry.close();
    }
}
