package io.flagbridge.benchmarks;

import java.time.Duration;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * The application's {@code OpenTelemetry} as MicroProfile Telemetry gives it: the SDK, with a periodic metric reader
 * (every 60 s, OpenTelemetry's default export interval; its exporter discards) and a tracer provider. The benchmarks'
 * evaluations run outside any span, as most evaluations of a request that is not sampled do. Not the SDK's testing
 * jar: its {@code ContextStorageProvider} would put a wrapper around every {@code Context.current()}, which no server
 * has.
 */
@ApplicationScoped
public class BenchTelemetry {

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader
                        .builder(new Discarding()).setInterval(Duration.ofSeconds(60)).build()).build())
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build();
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        ((OpenTelemetrySdk) openTelemetry).close();
    }

    /** An exporter that takes every collection and keeps nothing. */
    static final class Discarding implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
