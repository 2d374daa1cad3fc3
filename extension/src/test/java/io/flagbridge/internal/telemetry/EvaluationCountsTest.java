package io.flagbridge.internal.telemetry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

import com.configcat.EvaluationDetails;
import com.configcat.Setting;

import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.config.OperationsSettings;
import io.flagbridge.internal.inventory.FlagCounts;
import io.flagbridge.internal.inventory.Inventory;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.ThreadCounts;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluation counts without a container: exact per flag, variation and reason when many threads evaluate more
 * (flag, variation) pairs than the table of recent variations holds, so that entries of that table collide and
 * replace each other, and with keys that are equal strings but other objects.
 */
class EvaluationCountsTest {

    @Test
    void countsAreExactAcrossThreadsAndCollidingRecentVariations() throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
            Counters counters = new Counters();
            int flags = 300; // x 2 variations: more pairs than the 256 recent entries
            StaticFlags config = new StaticFlags();
            Map<String, Setting> settings = new HashMap<>();
            for (int flag = 0; flag < flags; flag++) {
                settings.put("flag-" + flag, new Setting());
            }
            config.remote(settings);
            Inventory inventory = new Inventory(new FlagCounts(counters.perThread()), config, Clock.systemUTC());
            OtelTelemetry telemetry = new OtelTelemetry(sdk, counters, null, config, inventory,
                    OperationsSettings.EvaluationEvents.LOG, Optional.empty()); // no span: no privacy
            int threads = 4;
            int rounds = 200;
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    await(start);
                    ThreadCounts.Scratch scratch = counters.perThread().scratch();
                    for (int round = 0; round < rounds; round++) {
                        for (int flag = 0; flag < flags; flag++) {
                            // new String: equal to the key of the table, never the same object
                            telemetry.evaluated(details(new String("flag-" + flag), "v-" + flag + "-" + (round % 2)),
                                    scratch);
                        }
                    }
                });
                thread.start();
                started.add(thread);
            }
            for (Thread thread : started) {
                thread.join();
            }
            Map<Attributes, Long> counts = evaluations(reader.collectAllMetrics());
            assertThat(counts).hasSize(flags * 2);
            long each = (long) threads * rounds / 2;
            for (int flag = 0; flag < flags; flag++) {
                for (int variation = 0; variation < 2; variation++) {
                    Attributes attributes = Attributes.builder().put(OtelTelemetry.KEY, "flag-" + flag)
                            .put(OtelTelemetry.REASON, "static")
                            .put(OtelTelemetry.VARIANT, "v-" + flag + "-" + variation).build();
                    assertThat(counts).as("flag-%d v%d", flag, variation).containsEntry(attributes, each);
                }
            }
            telemetry.close();
        }
    }

    private static EvaluationDetails<Object> details(String key, String variationId) {
        return new EvaluationDetails<>(true, key, variationId, null, false, null, 0L, null, null);
    }

    private static Map<Attributes, Long> evaluations(java.util.Collection<MetricData> metrics) {
        Map<Attributes, Long> counts = new HashMap<>();
        for (MetricData metric : metrics) {
            if (metric.getName().equals("flagbridge.evaluations")) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    counts.put(point.getAttributes(), point.getValue());
                }
            }
        }
        return counts;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
