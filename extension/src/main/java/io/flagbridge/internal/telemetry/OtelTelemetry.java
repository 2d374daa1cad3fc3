package io.flagbridge.internal.telemetry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.Stream;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.EvaluationError;
import io.flagbridge.internal.client.Reason;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.config.OperationsSettings;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.inventory.FlagCounts;
import io.flagbridge.internal.inventory.Inventory;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.ThreadCounts;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;

/**
 * FlagBridge's metrics and evaluation events (docs/operating.md), through the application's {@code OpenTelemetry}.
 * Loaded only when the application sees the OpenTelemetry API. Evaluations are counted by flag, variation and reason in
 * {@link FlagCounts} (the inventory's counts), and read by the SDK at each collection with every other instrument: an
 * evaluation costs its reason and that count, not an SDK call.
 */
public final class OtelTelemetry implements Telemetry {

    /** A class of the API, to look for with the application's class loader. */
    public static final String API = "io.opentelemetry.api.OpenTelemetry";
    public static final String SCOPE = "io.flagbridge";
    public static final String EVENT = "feature_flag.evaluation";

    static final AttributeKey<String> KEY = AttributeKey.stringKey("feature_flag.key");
    static final AttributeKey<String> VARIANT = AttributeKey.stringKey("feature_flag.result.variant");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("feature_flag.result.reason");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("feature_flag.provider.name");
    static final AttributeKey<String> CONTEXT_ID = AttributeKey.stringKey("feature_flag.context.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey("feature_flag.error.message");
    static final AttributeKey<String> SET_ID = AttributeKey.stringKey("feature_flag.set.id");
    static final String VALUE = "feature_flag.result.value";
    /** The longest text value or error message an event carries. */
    static final int MAX_TEXT = 256;
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("state");

    /** OpenTelemetry's values of {@code feature_flag.result.reason} that a ConfigCat evaluation can have. */
    static final List<String> REASONS = Stream.of(Reason.values()).map(Reason::value).toList();

    private static final AppLog LOG = AppLog.of(OtelTelemetry.class);
    /**
     * The {@code feature_flag.key} of every evaluation of a key the config does not have (or before there is a
     * config), so that series stay bounded by the config whatever keys are asked for.
     */
    public static final String MISSING_KEY = "(missing)";

    private final UserPrivacy privacy;
    private final StaticFlags staticFlags;
    private final Inventory inventory;
    private final FlagCounts counts;
    private final boolean events;
    private final boolean spanEvents;
    /** Null unless evaluations are emitted as log records. */
    private final LogEvents logEvents;
    private final AtomicBoolean evaluationFailureReported = new AtomicBoolean();
    /** {@code configcat.config-id}, or null. */
    private final String flagSetId;
    private final List<AutoCloseable> instruments;
    /** The attributes of each variation's series, by reason; built at its first collection. */
    private final Map<FlagCounts.Variation, Attributes[]> series = new ConcurrentHashMap<>();
    /** The attributes of the series of keys the config does not have, by reason. */
    private final Attributes[] missingSeries = attributes(MISSING_KEY, "");

    /**
     * @param evaluationEvents how an evaluation inside a recording span is reported
     * @param flagSetId the ConfigCat config's ID ({@code configcat.config-id}), for {@code feature_flag.set.id}
     */
    OtelTelemetry(OpenTelemetry openTelemetry, Counters counters, UserPrivacy privacy, StaticFlags staticFlags,
            Inventory inventory, OperationsSettings.EvaluationEvents evaluationEvents, Optional<String> flagSetId) {
        this.privacy = privacy;
        this.staticFlags = staticFlags;
        this.inventory = inventory;
        this.counts = inventory.counts();
        this.flagSetId = flagSetId.orElse(null);
        String version = OtelTelemetry.class.getPackage().getImplementationVersion();
        LogEvents logs = null;
        boolean spans = evaluationEvents.spans();
        if (evaluationEvents.logs()) {
            try {
                logs = LogEvents.of(openTelemetry, SCOPE, version);
            } catch (LinkageError e) {
                LOG.warning(Messages.logsApiUnavailable(e.toString()));
                spans = true;
            }
        }
        this.logEvents = logs;
        this.spanEvents = spans;
        this.events = logs != null || spans;
        var scope = openTelemetry.meterBuilder(SCOPE);
        if (version != null) {
            scope.setInstrumentationVersion(version);
        }
        Meter meter = scope.build();
        this.instruments = List.of(
                meter.counterBuilder("flagbridge.evaluations").setUnit("{evaluation}")
                        .setDescription("Flag evaluations, by flag key, variation and reason")
                        .buildWithCallback(this::observeEvaluations),
                meter.counterBuilder("flagbridge.segment.messages").setUnit("{message}")
                        .setDescription("Segment messages by outcome: sent, deduped, dropped, failed")
                        .buildWithCallback(measurement -> {
                            measurement.record(counters.sent(), outcome("sent"));
                            measurement.record(counters.deduped(), outcome("deduped"));
                            measurement.record(counters.dropped(), outcome("dropped"));
                            measurement.record(counters.failed(), outcome("failed"));
                        }),
                meter.gaugeBuilder("flagbridge.segment.pending").ofLongs().setUnit("{message}")
                        .setDescription("Segment messages waiting to be delivered")
                        .buildWithCallback(measurement -> measurement.record(counters.pending())),
                meter.counterBuilder("flagbridge.events.dropped").setUnit("{event}")
                        .setDescription("Events that @ObservesAsync observers did not get: the event queue was full")
                        .buildWithCallback(measurement -> measurement.record(counters.droppedEvents())),
                meter.gaugeBuilder("flagbridge.flags").ofLongs().setUnit("{flag}")
                        .setDescription("Flag keys by state: evaluated, never_evaluated (in the config, not evaluated "
                                + "since the start), missing (named or evaluated, not in the config)")
                        .buildWithCallback(measurement -> inventory.states().forEach((state, count) -> measurement
                                .record(count, Attributes.of(STATE, state.value())))),
                meter.counterBuilder("flagbridge.webhook.requests").setUnit("{request}")
                        .setDescription("ConfigCat webhook requests by outcome")
                        .buildWithCallback(measurement -> {
                            for (String outcome : Counters.WEBHOOK_OUTCOMES) {
                                measurement.record(counters.webhookRequests(outcome), outcome(outcome));
                            }
                        }));
    }

    /**
     * The telemetry of an application: through its {@code OpenTelemetry} bean (MicroProfile Telemetry's), else
     * {@code GlobalOpenTelemetry} (an agent's, or a no-op one).
     *
     * @param bean the application's {@code OpenTelemetry} bean, if it has one
     */
    public static Telemetry of(Optional<Object> bean, Counters counters, UserPrivacy privacy,
            StaticFlags staticFlags, Inventory inventory, Settings settings) {
        OpenTelemetry openTelemetry = bean.map(OpenTelemetry.class::cast).orElseGet(GlobalOpenTelemetry::get);
        return new OtelTelemetry(openTelemetry, counters, privacy, staticFlags, inventory,
                settings.operations().evaluationEvents(), settings.changes().configId());
    }

    /** The application's {@code OpenTelemetry} bean, looked up by type (where the container's look-up sees it). */
    public static Optional<Object> bean(BeanManager beanManager) {
        Instance<OpenTelemetry> bean = beanManager.createInstance().select(OpenTelemetry.class);
        return bean.isResolvable() ? Optional.of(bean.get()) : Optional.empty();
    }

    private static Attributes outcome(String outcome) {
        return Attributes.of(OUTCOME, outcome);
    }

    @Override
    public void evaluated(EvaluationDetails<Object> details, ThreadCounts.Scratch scratch) {
        try {
            Reason reason = staticFlags.reason(details);
            counts.count(scratch, details, reason);
            if (events && Span.current().isRecording()) {
                if (spanEvents) {
                    Span.current().addEvent(EVENT, event(details, reason));
                }
                if (logEvents != null) {
                    logEvents.emit(EVENT, logEvent(details, reason));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // Telemetry must never turn a flag's value into its default; said once, since it would fail every time.
            if (evaluationFailureReported.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, Messages.evaluationTelemetryFailed(e.toString()), e);
            } else {
                LOG.log(Level.FINE, "telemetry of an evaluation failed", e);
            }
        }
    }

    /**
     * One series per flag, variation and reason of the config's flags; the evaluations of keys the config does not
     * have (or of any key before there is a config) share the series of {@link #MISSING_KEY}, so that series stay
     * bounded by the config whatever keys are asked for.
     */
    private void observeEvaluations(ObservableLongMeasurement measurement) {
        Set<String> inConfig = staticFlags.keys();
        long[] missing = new long[REASONS.size()];
        for (FlagCounts.Series counted : counts.series()) {
            FlagCounts.Variation variation = counted.variation();
            long[] byReason = counted.byReason();
            if (!inConfig.contains(variation.key())) {
                for (int i = 0; i < missing.length; i++) {
                    missing[i] += byReason[i];
                }
                continue;
            }
            Attributes[] attributes = series.computeIfAbsent(variation,
                    v -> attributes(v.key(), v.variationId()));
            record(measurement, byReason, attributes);
        }
        record(measurement, missing, missingSeries);
    }

    private static void record(ObservableLongMeasurement measurement, long[] byReason, Attributes[] attributes) {
        for (int i = 0; i < byReason.length; i++) {
            if (byReason[i] > 0) {
                measurement.record(byReason[i], attributes[i]);
            }
        }
    }

    private static Attributes[] attributes(String key, String variationId) {
        Attributes[] attributes = new Attributes[REASONS.size()];
        for (int i = 0; i < attributes.length; i++) {
            AttributesBuilder builder = Attributes.builder().put(KEY, key).put(REASON, REASONS.get(i));
            if (!variationId.isEmpty()) {
                builder.put(VARIANT, variationId);
            }
            attributes[i] = builder.build();
        }
        return attributes;
    }

    /**
     * The log-based event's attributes: semantic conventions 1.44's {@code feature_flag.evaluation}. The value only
     * without a variant (then it is what was served), a text value cut to {@value #MAX_TEXT} characters; the error's
     * message is ConfigCat's first sentence (it names the flag, never the user).
     */
    private Attributes logEvent(EvaluationDetails<Object> details, Reason reason) {
        AttributesBuilder event = Attributes.builder().put(KEY, details.getKey()).put(PROVIDER, "ConfigCat")
                .put(REASON, reason.value());
        String variationId = details.getVariationId();
        if (variationId != null && !variationId.isEmpty()) {
            event.put(VARIANT, variationId);
        } else {
            value(event, details.getValue());
        }
        User user = details.getUser();
        if (user != null && user.getIdentifier() != null && !user.getIdentifier().isEmpty()) {
            event.put(CONTEXT_ID, privacy.userId(user));
        }
        if (flagSetId != null) {
            event.put(SET_ID, flagSetId);
        }
        if (details.getError() != null) {
            event.put(ERROR_TYPE, EvaluationError.of(details.getError()).value());
            event.put(ERROR_MESSAGE, firstSentence(details.getError()));
        }
        return event.build();
    }

    private static void value(AttributesBuilder event, Object value) {
        if (value instanceof Boolean flag) {
            event.put(AttributeKey.booleanKey(VALUE), flag);
        } else if (value instanceof Integer || value instanceof Long) {
            event.put(AttributeKey.longKey(VALUE), ((Number) value).longValue());
        } else if (value instanceof Number number) {
            event.put(AttributeKey.doubleKey(VALUE), number.doubleValue());
        } else if (value instanceof String text) {
            event.put(AttributeKey.stringKey(VALUE), text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        }
    }

    static String firstSentence(String error) {
        int end = error.indexOf(". ");
        String sentence = end < 0 ? error : error.substring(0, end + 1);
        return sentence.length() > MAX_TEXT ? sentence.substring(0, MAX_TEXT) : sentence;
    }

    private Attributes event(EvaluationDetails<Object> details, Reason reason) {
        AttributesBuilder event = Attributes.builder().put(KEY, details.getKey()).put(PROVIDER, "ConfigCat")
                .put(REASON, reason.value());
        if (details.getVariationId() != null && !details.getVariationId().isEmpty()) {
            event.put(VARIANT, details.getVariationId());
        }
        User user = details.getUser();
        if (user != null && user.getIdentifier() != null && !user.getIdentifier().isEmpty()) {
            event.put(CONTEXT_ID, privacy.userId(user));
        }
        if (details.getError() != null) {
            event.put(ERROR_TYPE, EvaluationError.of(details.getError()).value());
        }
        return event.build();
    }

    @Override
    public void close() {
        for (AutoCloseable instrument : instruments) {
            try {
                instrument.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "an instrument did not close", e);
            }
        }
    }
}
