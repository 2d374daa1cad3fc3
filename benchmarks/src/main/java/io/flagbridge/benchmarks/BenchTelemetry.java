package io.flagbridge.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;

/**
 * The application's {@code OpenTelemetry} as MicroProfile Telemetry gives it: the SDK, with a metric reader (the
 * instruments are registered and read as in a server) and a tracer provider. The benchmarks' evaluations run outside
 * any span, as most evaluations of a request that is not sampled do.
 */
@ApplicationScoped
public class BenchTelemetry {

    @Produces
    @Singleton
    OpenTelemetry openTelemetry() {
        return OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create())
                        .build())
                .setTracerProvider(SdkTracerProvider.builder().build())
                .build();
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        ((OpenTelemetrySdk) openTelemetry).close();
    }
}
