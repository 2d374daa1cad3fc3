package io.flagbridge.internal.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.configcat.EvaluationDetails;

import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.config.OperationsSettings;
import io.flagbridge.internal.inventory.FlagCounts;
import io.flagbridge.internal.inventory.Inventory;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.testing.LogCapture;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log-based event on the OpenTelemetry APIs that servers have: without {@code LogRecordBuilder.setEventName}
 * (before API 1.50: WildFly 39, Open Liberty's mpTelemetry-2.0) the name is the attribute {@code event.name}; without
 * the Logs API (before 1.27) FlagBridge says so once and adds span events instead.
 */
class LogEventsTest {

    /** A record builder of an SDK before the event name: it records attributes, and has no setEventName of its own. */
    static final class OldBuilder implements LogRecordBuilder {
        final List<Attributes> emitted;
        final io.opentelemetry.api.common.AttributesBuilder attributes = Attributes.builder();

        OldBuilder(List<Attributes> emitted) {
            this.emitted = emitted;
        }

        @Override
        public LogRecordBuilder setTimestamp(long timestamp, TimeUnit unit) {
            return this;
        }

        @Override
        public LogRecordBuilder setTimestamp(Instant instant) {
            return this;
        }

        @Override
        public LogRecordBuilder setObservedTimestamp(long timestamp, TimeUnit unit) {
            return this;
        }

        @Override
        public LogRecordBuilder setObservedTimestamp(Instant instant) {
            return this;
        }

        @Override
        public LogRecordBuilder setContext(Context context) {
            return this;
        }

        @Override
        public LogRecordBuilder setSeverity(Severity severity) {
            return this;
        }

        @Override
        public LogRecordBuilder setSeverityText(String severityText) {
            return this;
        }

        @Override
        public LogRecordBuilder setBody(String body) {
            return this;
        }

        @Override
        public <T> LogRecordBuilder setAttribute(AttributeKey<T> key, T value) {
            attributes.put(key, value);
            return this;
        }

        @Override
        public void emit() {
            emitted.add(attributes.build());
        }
    }

    /** An application's OpenTelemetry with these tracers and this Logs API (which may throw, as an old API's). */
    static OpenTelemetry openTelemetry(TracerProvider tracers, Supplier<LoggerProvider> logs) {
        return new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return tracers;
            }

            @Override
            public LoggerProvider getLogsBridge() {
                return logs.get();
            }

            @Override
            public ContextPropagators getPropagators() {
                return ContextPropagators.noop();
            }
        };
    }

    @Test
    void theSdksBuilderTakesTheEventNameAnOlderOneGetsItAsAnAttribute() {
        try (SdkLoggerProvider sdk = SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor
                .create(InMemoryLogRecordExporter.create())).build()) {
            assertThat(LogEvents.takesEventName(sdk.get("test").logRecordBuilder())).isTrue();
        }
        List<Attributes> emitted = new CopyOnWriteArrayList<>();
        assertThat(LogEvents.takesEventName(new OldBuilder(emitted))).isFalse();

        LoggerProvider old = name -> new LoggerBuilder() {
            @Override
            public LoggerBuilder setSchemaUrl(String schemaUrl) {
                return this;
            }

            @Override
            public LoggerBuilder setInstrumentationVersion(String version) {
                return this;
            }

            @Override
            public Logger build() {
                return () -> new OldBuilder(emitted);
            }
        };
        LogEvents.of(openTelemetry(TracerProvider.noop(), () -> old), "io.flagbridge", null).emit("feature_flag.evaluation",
                Attributes.of(OtelTelemetry.KEY, "plan"));
        assertThat(emitted).containsExactly(Attributes.of(AttributeKey.stringKey("event.name"),
                "feature_flag.evaluation", OtelTelemetry.KEY, "plan"));
    }

    @Test
    void withoutTheLogsApiItSaysSoOnceAndAddsSpanEvents() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
                LogCapture lines = LogCapture.of("io.flagbridge")) {
            // What calling getLogsBridge() on an API before 1.27 throws.
            OpenTelemetry beforeLogs = openTelemetry(sdk.getTracerProvider(), () -> {
                throw new NoSuchMethodError("'io.opentelemetry.api.logs.LoggerProvider "
                        + "io.opentelemetry.api.OpenTelemetry.getLogsBridge()'");
            });
            Counters counters = new Counters();
            StaticFlags config = new StaticFlags();
            OtelTelemetry telemetry = new OtelTelemetry(beforeLogs, counters, null, config, new Inventory(
                    new FlagCounts(counters.perThread()), config, Clock.systemUTC()),
                    OperationsSettings.EvaluationEvents.LOG, Optional.empty());
            Span span = sdk.getTracer("test").spanBuilder("GET /").startSpan();
            try (Scope scope = span.makeCurrent()) {
                telemetry.evaluated(new EvaluationDetails<>(true, "on", "v-on", null, false, null, 0L, null, null),
                        counters.perThread().scratch());
            } finally {
                span.end();
            }
            telemetry.close();

            assertThat(lines.lines()).filteredOn(line -> line.startsWith("FLAGBRIDGE-")).containsExactly(
                    "FLAGBRIDGE-0097: FlagBridge cannot emit feature_flag.evaluation as a log record: "
                            + "java.lang.NoSuchMethodError: 'io.opentelemetry.api.logs.LoggerProvider "
                            + "io.opentelemetry.api.OpenTelemetry.getLogsBridge()' (the Logs API needs OpenTelemetry "
                            + "1.27 or later); it adds the event to the current span instead (set "
                            + "flagbridge.telemetry.evaluation-events=span to skip this)");
            assertThat(spans.getFinishedSpanItems().get(0).getEvents()).singleElement().satisfies(event -> assertThat(
                    event.getAttributes().asMap()).contains(Map.entry(OtelTelemetry.KEY, "on")));
        }
    }
}
