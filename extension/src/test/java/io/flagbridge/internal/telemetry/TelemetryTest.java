package io.flagbridge.internal.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.internal.client.ClientState;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import static org.assertj.core.api.Assertions.assertThat;

/** FlagBridge's metrics and span events, read with the OpenTelemetry SDK's in-memory reader and exporter. */
@ExtendWith(Fakes.class)
class TelemetryTest {

    static final String KEY = "configcat-sdk-1/flagbridge-telemetry01/0123456789abcdefghijkl";
    static final String WRITE_KEY = "segment-write-key-telemetry-0123456789";

    static volatile OpenTelemetry openTelemetry;

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    WeldApp app;
    InMemoryMetricReader metrics;
    InMemorySpanExporter spans;
    InMemoryLogRecordExporter logs;
    OpenTelemetrySdk sdk;

    /** The application's OpenTelemetry, as MicroProfile Telemetry gives it. */
    @ApplicationScoped
    public static class AppTelemetry {
        @Produces
        @Singleton
        OpenTelemetry openTelemetry() {
            return openTelemetry;
        }
    }

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        <T> T value(Class<T> type, String key, User user, T defaultValue) {
            return client.getValue(type, key, user, defaultValue);
        }
    }

    @BeforeEach
    void setUp() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl())
                .boolFlag("newCheckout", true, "v-checkout-on")
                .textFlag("plan", "basic", "v-basic", new ConfigJson.Rule("Email",
                        ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "premium", "v-premium"))
                .boolPercentageFlag("betaBanner", false, "v-beta-nouser",
                        new ConfigJson.Percentage(30, true, "v-beta-on"),
                        new ConfigJson.Percentage(70, false, "v-beta-off"))
                .build());
        sdk(Sampler.alwaysOn());
    }

    void sdk(Sampler sampler) {
        metrics = InMemoryMetricReader.create();
        spans = InMemorySpanExporter.create();
        logs = InMemoryLogRecordExporter.create();
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor
                        .create(logs)).build())
                .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler)
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        openTelemetry = sdk;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        sdk.close();
    }

    Shop start(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.max-init-wait", "10", "segment.write-key", WRITE_KEY, "segment.endpoint",
                segment.baseUrl(), "segment.flush-size", "1", "segment.flush-interval", "PT1S"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Shop.class, AppTelemetry.class);
        // Before the first config an evaluation waits, and ConfigCat evaluates on its fetching thread (no span there).
        Eventually.until(() -> app.select(ClientState.class).snapshot(), ClientState.Snapshot::hasData);
        return app.select(Shop.class);
    }

    static User user(String id, String email) {
        return User.newBuilder().email(email).build(id);
    }

    Map<String, MetricData> collect() {
        return metrics.collectAllMetrics().stream().filter(m -> m.getInstrumentationScopeInfo().getName()
                .equals("io.flagbridge")).collect(Collectors.toMap(MetricData::getName, m -> m));
    }

    static Map<Attributes, Long> sums(MetricData metric) {
        return metric.getLongSumData().getPoints().stream().collect(Collectors.toMap(LongPointData::getAttributes,
                LongPointData::getValue));
    }

    static Attributes evaluation(String key, String variant, String reason) {
        var attributes = Attributes.builder().put("feature_flag.key", key).put("feature_flag.result.reason",
                reason);
        if (variant != null) {
            attributes.put("feature_flag.result.variant", variant);
        }
        return attributes.build();
    }

    @Test
    void evaluationsAreCountedByFlagVariantAndReasonWithoutAnyUser() {
        Shop shop = start();
        for (int i = 0; i < 3; i++) {
            assertThat(shop.value(Boolean.class, "newCheckout", user("uid-" + i, "a@shop.test"), false)).isTrue();
        }
        assertThat(shop.value(String.class, "plan", user("uid-9", "nine@example.com"), "none")).isEqualTo("premium");
        assertThat(shop.value(Boolean.class, "missing", null, false)).isFalse();
        int split = 0;
        for (int i = 0; i < 20; i++) {
            shop.value(Boolean.class, "betaBanner", user("uid-beta-" + i, null), false);
            split++;
        }

        Map<String, MetricData> collected = collect();
        assertThat(collected.keySet()).contains("flagbridge.evaluations", "flagbridge.segment.messages",
                "flagbridge.segment.pending", "flagbridge.events.dropped", "flagbridge.webhook.requests");
        Map<Attributes, Long> evaluations = sums(collected.get("flagbridge.evaluations"));
        assertThat(evaluations).containsEntry(evaluation("newCheckout", "v-checkout-on", "static"), 3L)
                .containsEntry(evaluation("plan", "v-premium", "targeting_match"), 1L)
                .containsEntry(evaluation("(missing)", null, "error"), 1L);
        assertThat(evaluations.entrySet().stream().filter(e -> "betaBanner".equals(e.getKey().get(
                AttributeKey.stringKey("feature_flag.key")))).peek(e -> assertThat(
                        e.getKey().get(AttributeKey
                                .stringKey("feature_flag.result.reason")))
                        .isEqualTo("split"))
                .mapToLong(Map.Entry::getValue)
                .sum()).isEqualTo(split);
        assertThat(collected.values().stream().flatMap(m -> m.getData().getPoints().stream())
                .flatMap(point -> point.getAttributes().asMap().values().stream()).map(String::valueOf))
                .as("no user identifier or e-mail in any metric").noneMatch(value -> value.contains("uid-")
                        || value.contains("@"));
    }

    @Test
    void theFlagsGaugeCountsTheKeysOfEachStateOfTheInventory() {
        Shop shop = start();
        shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        shop.value(String.class, "plan", user("user-1", null), "none");
        shop.value(Boolean.class, "retiredFlag", user("user-1", null), false);
        shop.value(Boolean.class, "anotherRetiredFlag", null, false);

        MetricData flags = collect().get("flagbridge.flags");
        assertThat(flags.getUnit()).isEqualTo("{flag}");
        assertThat(flags.getLongGaugeData().getPoints().stream().collect(Collectors.toMap(point -> point
                .getAttributes().get(AttributeKey.stringKey("state")), LongPointData::getValue))).containsOnly(
                        Map.entry("evaluated", 2L), Map.entry("never_evaluated", 1L), Map.entry("missing", 2L));
    }

    @Test
    void keysTheConfigDoesNotHaveShareOneSeries() {
        Shop shop = start();
        assertThat(shop.value(Boolean.class, "newCheckout", null, false)).isTrue();
        for (int i = 0; i < 5_000; i++) {
            assertThat(shop.value(Boolean.class, "no-such-flag-" + i, null, false)).isFalse();
        }
        Map<Attributes, Long> evaluations = sums(collect().get("flagbridge.evaluations"));
        assertThat(evaluations.keySet().stream().map(a -> a.get(AttributeKey.stringKey("feature_flag.key")))
                .distinct()).containsExactlyInAnyOrder("newCheckout", "(missing)");
        assertThat(evaluations).containsEntry(evaluation("(missing)", null, "error"), 5_000L);
    }

    @Test
    void aSettingWithoutRulesIsStaticOneWhoseRulesDidNotDecideIsDefault() {
        Shop shop = start();
        shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        shop.value(String.class, "plan", user("user-2", "two@other.org"), "none");
        shop.value(Boolean.class, "betaBanner", null, false); // no user: no percentage option can decide

        // OpenTelemetry's reasons as OpenFeature's: STATIC has no rules to decide, DEFAULT had some that did not.
        assertThat(sums(collect().get("flagbridge.evaluations")))
                .containsEntry(evaluation("newCheckout", "v-checkout-on", "static"), 1L)
                .containsEntry(evaluation("plan", "v-basic", "default"), 1L)
                .containsEntry(evaluation("betaBanner", "v-beta-nouser", "default"), 1L)
                .doesNotContainKey(evaluation("plan", "v-basic", "static"));
    }

    @Test
    void localFlagsAreStaticOrDefaultByTheirOwnRules(@TempDir Path folder) throws IOException {
        Path flags = folder.resolve("flags.json");
        Files.writeString(flags, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("darkMode", false, "v-light")
                .textFlag("banner", "plain", "v-plain", new ConfigJson.Rule("Email",
                        ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "staff", "v-staff"))
                .build());
        Shop shop = start("configcat.overrides.behaviour", "local-only", "configcat.overrides.file",
                flags.toString());
        shop.value(Boolean.class, "darkMode", null, true);
        shop.value(String.class, "banner", user("user-3", "three@other.org"), "none");

        assertThat(sums(collect().get("flagbridge.evaluations")))
                .containsEntry(evaluation("darkMode", "v-light", "static"), 1L)
                .containsEntry(evaluation("banner", "v-plain", "default"), 1L);
    }

    @Test
    void segmentMessagesByOutcomeAndWhatIsPending() {
        Shop shop = start();
        shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        Eventually.until(() -> sums(collect().get("flagbridge.segment.messages")),
                sums -> sums.get(Attributes.of(OtelTelemetry.OUTCOME, "sent")) == 2L);
        shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        Map<Attributes, Long> messages = sums(collect().get("flagbridge.segment.messages"));
        assertThat(messages).containsEntry(Attributes.of(OtelTelemetry.OUTCOME, "sent"), 2L)
                .containsEntry(Attributes.of(OtelTelemetry.OUTCOME, "deduped"), 1L)
                .containsEntry(Attributes.of(OtelTelemetry.OUTCOME, "dropped"), 0L)
                .containsEntry(Attributes.of(OtelTelemetry.OUTCOME, "failed"), 0L);

        segment.stop();
        shop.value(Boolean.class, "newCheckout", user("user-2", null), false);
        assertThat(Eventually.until(() -> collect().get("flagbridge.segment.pending").getLongGaugeData()
                .getPoints().iterator().next().getValue(), pending -> pending > 0)).isEqualTo(2L);
        assertThat(sums(collect().get("flagbridge.events.dropped"))).containsEntry(Attributes.empty(), 0L);
        assertThat(sums(collect().get("flagbridge.webhook.requests")).keySet()).extracting(a -> a.get(
                OtelTelemetry.OUTCOME)).containsExactlyInAnyOrder("accepted", "replayed", "unauthorized",
                        "malformed", "too_large");
    }

    @Test
    void asSpanEventsAnEvaluationInARecordingSpanAddsItsEvent() {
        Shop shop = start("flagbridge.telemetry.evaluation-events", "span");
        Span request = sdk.getTracer("test").spanBuilder("GET /checkout").startSpan();
        try (Scope scope = request.makeCurrent()) {
            shop.value(String.class, "plan", user("user-7", "seven@example.com"), "none");
            shop.value(Boolean.class, "missing", user("user-7", null), false);
        } finally {
            request.end();
        }
        List<EventData> events = spans.getFinishedSpanItems().get(0).getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("feature_flag.evaluation",
                "feature_flag.evaluation");
        assertThat(events.get(0).getAttributes().asMap()).containsOnly(
                Map.entry(AttributeKey.stringKey("feature_flag.key"), "plan"),
                Map.entry(AttributeKey.stringKey("feature_flag.provider.name"), "ConfigCat"),
                Map.entry(AttributeKey.stringKey("feature_flag.result.variant"), "v-premium"),
                Map.entry(AttributeKey.stringKey("feature_flag.result.reason"), "targeting_match"),
                Map.entry(AttributeKey.stringKey("feature_flag.context.id"), "user-7"));
        assertThat(events.get(1).getAttributes().asMap()).containsEntry(AttributeKey.stringKey("error.type"),
                "flag_not_found").containsEntry(AttributeKey.stringKey("feature_flag.result.reason"), "error")
                .doesNotContainKey(AttributeKey.stringKey("feature_flag.result.variant"));
        assertThat(logs.getFinishedLogRecordItems()).as("no log record in span mode").isEmpty();
    }

    /** Evaluates the plan (a rule), a missing key and the split flag for user-7 inside a recording span. */
    Span threeEvaluationsInASpan(Shop shop) {
        Span request = sdk.getTracer("test").spanBuilder("GET /checkout").startSpan();
        try (Scope scope = request.makeCurrent()) {
            shop.value(String.class, "plan", user("user-7", "seven@example.com"), "none");
            shop.value(Boolean.class, "missing", user("user-7", null), false);
            shop.value(Boolean.class, "betaBanner", user("user-7", null), false);
        } finally {
            request.end();
        }
        return request;
    }

    @Test
    void anEvaluationInARecordingSpanIsALogBasedEventOfThatSpanOnCurrentConventions() {
        Shop shop = start("configcat.config-id", "08d5a03c-feb7-af1e-a1fa-40b3329f8bed");
        Span request = threeEvaluationsInASpan(shop);

        List<LogRecordData> records = logs.getFinishedLogRecordItems();
        assertThat(records).hasSize(3).allSatisfy(record -> {
            assertThat(record.getEventName()).isEqualTo("feature_flag.evaluation");
            assertThat(record.getSpanContext()).isEqualTo(request.getSpanContext());
            assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo("io.flagbridge");
        });
        assertThat(records.get(0).getAttributes().asMap()).containsOnly(
                Map.entry(AttributeKey.stringKey("feature_flag.key"), "plan"),
                Map.entry(AttributeKey.stringKey("feature_flag.provider.name"), "ConfigCat"),
                Map.entry(AttributeKey.stringKey("feature_flag.result.variant"), "v-premium"),
                Map.entry(AttributeKey.stringKey("feature_flag.result.reason"), "targeting_match"),
                Map.entry(AttributeKey.stringKey("feature_flag.context.id"), "user-7"),
                Map.entry(AttributeKey.stringKey("feature_flag.set.id"), "08d5a03c-feb7-af1e-a1fa-40b3329f8bed"));
        // No variant: the value served (the caller's default) stands for it.
        assertThat(records.get(1).getAttributes().asMap()).containsOnly(
                Map.entry(AttributeKey.stringKey("feature_flag.key"), "missing"),
                Map.entry(AttributeKey.stringKey("feature_flag.provider.name"), "ConfigCat"),
                Map.entry(AttributeKey.booleanKey("feature_flag.result.value"), false),
                Map.entry(AttributeKey.stringKey("feature_flag.result.reason"), "error"),
                Map.entry(AttributeKey.stringKey("feature_flag.context.id"), "user-7"),
                Map.entry(AttributeKey.stringKey("feature_flag.set.id"), "08d5a03c-feb7-af1e-a1fa-40b3329f8bed"),
                Map.entry(AttributeKey.stringKey("error.type"), "flag_not_found"),
                Map.entry(AttributeKey.stringKey("feature_flag.error.message"),
                        "Failed to evaluate setting 'missing' (the key was not found in config JSON)."));
        assertThat(records.get(2).getAttributes().get(AttributeKey.stringKey("feature_flag.result.reason")))
                .isEqualTo("split");
        assertThat(spans.getFinishedSpanItems().get(0).getEvents()).as("no span event in log mode").isEmpty();
    }

    @Test
    void bothLogRecordsAndSpanEventsOrNeither() {
        Shop shop = start("flagbridge.telemetry.evaluation-events", "both");
        threeEvaluationsInASpan(shop);
        assertThat(logs.getFinishedLogRecordItems()).hasSize(3);
        assertThat(spans.getFinishedSpanItems().get(0).getEvents()).hasSize(3);
        app.close();
        app = null;
        spans.reset();
        logs.reset();

        shop = start("flagbridge.telemetry.evaluation-events", "none");
        threeEvaluationsInASpan(shop);
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();
        assertThat(spans.getFinishedSpanItems().get(0).getEvents()).isEmpty();
        assertThat(sums(collect().get("flagbridge.evaluations"))).as("counted all the same")
                .containsEntry(evaluation("plan", "v-premium", "targeting_match"), 1L);
    }

    @Test
    void theContextIdIsHashedWhenSegmentHashesUserIds() {
        Shop shop = start("segment.hash-user-id", "true", "segment.hash-key", "telemetry-hash-key-0123456789",
                "flagbridge.telemetry.evaluation-events", "both");
        Span request = sdk.getTracer("test").spanBuilder("GET /checkout").startSpan();
        try (Scope scope = request.makeCurrent()) {
            shop.value(Boolean.class, "newCheckout", user("user-7", null), false);
        } finally {
            request.end();
        }
        String contextId = spans.getFinishedSpanItems().get(0).getEvents().get(0).getAttributes().get(AttributeKey
                .stringKey("feature_flag.context.id"));
        assertThat(contextId).matches("[0-9a-f]{64}").doesNotContain("user-7");
        assertThat(logs.getFinishedLogRecordItems().get(0).getAttributes().get(AttributeKey.stringKey(
                "feature_flag.context.id"))).isEqualTo(contextId);
    }

    @Test
    void noEventWithoutARecordingSpan() {
        sdk.close();
        sdk(Sampler.alwaysOff());
        Shop shop = start();
        shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        Span unsampled = sdk.getTracer("test").spanBuilder("GET /unsampled").startSpan();
        assertThat(unsampled.isRecording()).isFalse();
        try (Scope scope = unsampled.makeCurrent()) {
            shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        } finally {
            unsampled.end();
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();
        assertThat(sums(collect().get("flagbridge.evaluations"))).containsEntry(evaluation("newCheckout",
                "v-checkout-on", "static"), 2L);
    }

    @Test
    void turnedOffNothingIsReported() {
        Shop shop = start("flagbridge.telemetry.enabled", "false");
        Span request = sdk.getTracer("test").spanBuilder("GET /checkout").startSpan();
        try (Scope scope = request.makeCurrent()) {
            shop.value(Boolean.class, "newCheckout", user("user-1", null), false);
        } finally {
            request.end();
        }
        assertThat(collect()).isEmpty();
        assertThat(spans.getFinishedSpanItems().get(0).getEvents()).isEmpty();
        assertThat(logs.getFinishedLogRecordItems()).isEmpty();
    }

    @Test
    void stoppedTheInstrumentsReportNoMore() {
        start();
        assertThat(collect()).isNotEmpty();
        app.close();
        app = null;
        assertThat(collect()).isEmpty();
    }

    /**
     * The application has an OpenTelemetry bean (its producer's type was resolved by the test's class loader), but its
     * class loader does not see the API: FlagBridge then reports nothing to it.
     */
    @Test
    void withoutTheOpenTelemetryApiFlagBridgeDeploysUnchanged() {
        app = WeldApp.startWithout(List.of("io.opentelemetry"), Map.of("configcat.sdk-key", KEY,
                "configcat.base-url", cdn.baseUrl(), "configcat.max-init-wait", "10"), Shop.class, AppTelemetry.class);
        Boolean newCheckout = app.select(Shop.class).value(Boolean.class, "newCheckout", null, false);
        String plan = app.select(Shop.class).value(String.class, "plan", user("ann", "ann@example.com"), "none");
        assertThat(collect()).as("FlagBridge's metrics").isEmpty();
        assertThat(newCheckout).isTrue();
        assertThat(plan).isEqualTo("premium");
    }
}
