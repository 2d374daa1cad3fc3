package io.flagbridge.internal.telemetry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.privacy.UserPrivacy;
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
 * FlagBridge's metrics and span events (docs/operating.md), through the application's {@code OpenTelemetry}. Loaded only when
 * the application sees the OpenTelemetry API. Evaluations are counted here, in adders per flag, variation and reason
 * (values of the config, so their number is bounded by it), and read by the SDK at each collection with every other
 * instrument: an evaluation costs a look-up in a small table of recent variations (the maps only when it misses)
 * and an add to the evaluating thread's own counts ({@link ThreadCounts}: no CAS), not an SDK call.
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
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    /** OpenTelemetry's values of {@code feature_flag.result.reason} that a ConfigCat evaluation can have. */
    static final List<String> REASONS = List.of("static", "targeting_match", "split", "default", "error");
    private static final int STATIC = 0;
    private static final int TARGETING_MATCH = 1;
    private static final int SPLIT = 2;
    private static final int DEFAULT = 3;
    private static final int ERROR = 4;

    private static final Logger LOG = Logger.getLogger(OtelTelemetry.class.getName());
    /**
     * The {@code feature_flag.key} of every evaluation of a key the config does not have (or before there is a
     * config), so that series and per-thread counters stay bounded by the config whatever keys are asked for.
     */
    public static final String MISSING_KEY = "(missing)";

    private final UserPrivacy privacy;
    private final StaticFlags staticFlags;
    private final Map<String, Map<String, Variation>> evaluations = new ConcurrentHashMap<>();
    /** The evaluations by slot: a variation's reasons take {@code REASONS.size()} slots from its {@code slot}. */
    private final ThreadCounts counts;
    private final List<AutoCloseable> instruments;

    /**
     * The variations seen last, by a hash of flag key and variation ID: an evaluation finds its variation here with
     * one array read and two string compares (usually the same objects: the caller's key, the config's variation ID)
     * instead of two map look-ups. Entries are immutable, so a racy read sees a whole one or an older one.
     */
    private final Variation[] recent = new Variation[RECENT];
    private static final int RECENT = 256;

    /** One flag's variation: the first of its slots (one per reason) and their attributes. */
    private static final class Variation {
        final String key;
        final String variationId;
        final int slot;
        final Attributes[] attributes = new Attributes[REASONS.size()];

        Variation(String key, String variationId, int slot) {
            this.key = key;
            this.variationId = variationId;
            this.slot = slot;
            for (int i = 0; i < attributes.length; i++) {
                AttributesBuilder builder = Attributes.builder().put(KEY, key).put(REASON, REASONS.get(i));
                if (!variationId.isEmpty()) {
                    builder.put(VARIANT, variationId);
                }
                attributes[i] = builder.build();
            }
        }
    }

    OtelTelemetry(OpenTelemetry openTelemetry, Counters counters, UserPrivacy privacy, StaticFlags staticFlags) {
        this.privacy = privacy;
        this.staticFlags = staticFlags;
        this.counts = counters.perThread();
        String version = OtelTelemetry.class.getPackage().getImplementationVersion();
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
            StaticFlags staticFlags) {
        OpenTelemetry openTelemetry = bean.map(OpenTelemetry.class::cast).orElseGet(GlobalOpenTelemetry::get);
        return new OtelTelemetry(openTelemetry, counters, privacy, staticFlags);
    }

    private static Attributes outcome(String outcome) {
        return Attributes.of(OUTCOME, outcome);
    }

    @Override
    public void evaluated(EvaluationDetails<Object> details, Object[] scratch) {
        try {
            int reason = reason(details);
            String variationId = details.getVariationId() == null ? "" : details.getVariationId();
            // Any text can be asked for: only the config's keys make series of their own.
            String key = reason == ERROR && notInConfig(details.getError()) ? MISSING_KEY : details.getKey();
            counts.increment(scratch, variation(key, variationId).slot + reason);
            Span span = Span.current();
            if (span.isRecording()) {
                span.addEvent(EVENT, event(details, reason));
            }
        } catch (RuntimeException | LinkageError e) {
            // Telemetry must never turn a flag's value into its default.
            LOG.log(Level.FINE, "telemetry of an evaluation failed", e);
        }
    }

    private Variation variation(String key, String variationId) {
        int index = (key.hashCode() * 31 + variationId.hashCode()) & (RECENT - 1);
        Variation recently = recent[index];
        if (recently != null && same(recently.key, key) && same(recently.variationId, variationId)) {
            return recently;
        }
        Variation variation = variationOf(key, variationId);
        recent[index] = variation;
        return variation;
    }

    private static boolean same(String a, String b) {
        return a == b || a.equals(b);
    }

    private Variation variationOf(String key, String variationId) {
        Map<String, Variation> variations = evaluations.get(key);
        if (variations == null) {
            variations = evaluations.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        }
        Variation variation = variations.get(variationId);
        if (variation == null) {
            variation = variations.computeIfAbsent(variationId,
                    v -> new Variation(key, v, counts.reserve(REASONS.size())));
        }
        return variation;
    }

    private void observeEvaluations(ObservableLongMeasurement measurement) {
        long[] sums = counts.sums();
        evaluations.values().forEach(variations -> variations.values().forEach(variation -> {
            for (int i = 0; i < variation.attributes.length; i++) {
                int slot = variation.slot + i;
                long count = slot < sums.length ? sums[slot] : 0;
                if (count > 0) {
                    measurement.record(count, variation.attributes[i]);
                }
            }
        }));
    }

    private Attributes event(EvaluationDetails<Object> details, int reason) {
        AttributesBuilder event = Attributes.builder().put(KEY, details.getKey()).put(PROVIDER, "ConfigCat")
                .put(REASON, REASONS.get(reason));
        if (details.getVariationId() != null && !details.getVariationId().isEmpty()) {
            event.put(VARIANT, details.getVariationId());
        }
        User user = details.getUser();
        if (user != null && user.getIdentifier() != null && !user.getIdentifier().isEmpty()) {
            event.put(CONTEXT_ID, privacy.userId(user));
        }
        if (details.getError() != null) {
            event.put(ERROR_TYPE, errorType(details.getError()));
        }
        return event.build();
    }

    /**
     * OpenTelemetry's reasons (OpenFeature's): an error, a percentage option, a targeting rule, the flag's own value
     * of a setting without either ({@code static}) or of one whose rules and options did not decide
     * ({@code default}).
     */
    int reason(EvaluationDetails<?> details) {
        if (details.getError() != null) {
            return ERROR;
        }
        if (details.isDefaultValue()) {
            return DEFAULT;
        }
        if (details.getMatchedPercentageOption() != null) {
            return SPLIT;
        }
        if (details.getMatchedTargetingRule() != null) {
            return TARGETING_MATCH;
        }
        return staticFlags.isStatic(details.getKey(), details.getVariationId()) ? STATIC : DEFAULT;
    }

    /** Whether the error says the config has no such key, or there is no config yet. */
    private static boolean notInConfig(String error) {
        String type = errorType(error);
        return type.equals("flag_not_found") || type.equals("provider_not_ready");
    }

    /** OpenTelemetry's {@code error.type} values for flags, from ConfigCat's error text (never the text itself). */
    static String errorType(String error) {
        String text = error.toLowerCase(Locale.ROOT);
        if (text.contains("key was not found")) {
            return "flag_not_found";
        }
        if (text.contains("config json is not present")) {
            return "provider_not_ready";
        }
        if (text.contains("type mismatch") || text.contains("the type of a setting")) {
            return "type_mismatch";
        }
        return "general";
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
