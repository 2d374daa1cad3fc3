package io.flagbridge.it.quarkus;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** Where quarkus-opentelemetry exports the @QuarkusTest application's spans and metrics: in memory, for the tests. */
@Singleton
public class InMemoryTelemetry {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    @Produces
    @Singleton
    InMemoryMetricExporter metrics() {
        return InMemoryMetricExporter.create();
    }
}
