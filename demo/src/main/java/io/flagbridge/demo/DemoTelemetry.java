package io.flagbridge.demo;

import java.util.Collection;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * The application's {@code OpenTelemetry}, from the OpenTelemetry SDK, with a pull reader instead of an exporter:
 * FlagBridge reports its metrics through this bean (it uses the application's {@code OpenTelemetry} when there is
 * one), and {@link MetricsResource} collects them for the page. A real application would produce the SDK with an
 * OTLP exporter here, or let MicroProfile Telemetry (the server's {@code mpTelemetry} feature) provide the bean; the
 * demo's servers run without it. An alternative with a priority, so that it wins over a server's own bean.
 */
@ApplicationScoped
@Alternative
@Priority(1000)
public class DemoTelemetry {

    private final PullReader reader = new PullReader();
    private OpenTelemetrySdk sdk;

    @PostConstruct
    void start() {
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    }

    @Produces
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** Every metric now (FlagBridge's callbacks run during the collection). */
    public Collection<MetricData> collect() {
        return reader.collect();
    }

    @PreDestroy
    void stop() {
        sdk.close();
    }

    /** Collects when asked, with cumulative values (totals since the start, as the page shows them). */
    static final class PullReader implements MetricReader {

        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration collectionRegistration) {
            registration = collectionRegistration;
        }

        Collection<MetricData> collect() {
            return registration.collectAllMetrics();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            registration = CollectionRegistration.noop();
            return CompletableResultCode.ofSuccess();
        }
    }
}
