package io.flagbridge.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.FakeCollector;
import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.Otlp;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.OPERATED;
import static io.flagbridge.it.support.TestApps.OPERATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code feature_flag.evaluation} as a log-based event through the server's MicroProfile Telemetry, at an OTLP/HTTP
 * collector (a fake on 127.0.0.1): a record of the request's span with semantic conventions 1.44's attributes.
 */
public class EvaluationEventsOnMicroProfileIT extends OnServer {

    @Deployment(name = OPERATED, managed = false)
    public static WebArchive operated() {
        return TestApps.archive(OPERATED);
    }

    @Test
    void anEvaluationInARequestIsALogRecordOfTheRequestsSpan() {
        assumeFalse(server().name().equals("payara"), "Payara Server 6.2025.9's MicroProfile Telemetry exports no log "
                + "records (no /v1/logs request, also with otel.logs.exporter=otlp): docs/operating.md#payara-server");
        SharedCdn.CDN.serve(OPERATED_KEY, TestApps.flags().build());
        // The collector serves the whole test JVM: only what is exported from now on counts.
        int logsBefore = FakeCollector.COLLECTOR.exports("/v1/logs").size();
        int tracesBefore = FakeCollector.COLLECTOR.exports("/v1/traces").size();
        server().deploy(OPERATED);
        try {
            await("flag data").atMost(Duration.ofSeconds(30)).until(() -> "basic".equals(server().call(OPERATED,
                    "eval", Map.of("key", "plan", "type", "string"))));
            // A JAX-RS request: the server's span for it records, and the flag's evaluation is a record of it.
            assertThat(server().get(OPERATED, "api/shop/checkout").body()).isEqualTo("new checkout");

            String bridge = server().call(OPERATED, "otel-logs", Map.of());
            await("the evaluation's log record at the collector").atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(evaluations(logsBefore)).as("FlagBridge's records among the log exports since "
                            + "the start: %s; the application's OpenTelemetry: %s", logExports(logsBefore), bridge)
                            .isNotEmpty());
            Otlp.LogRecord record = evaluations(logsBefore).get(0);
            assertThat(record.eventName()).isEqualTo("feature_flag.evaluation");
            assertThat(record.attributes()).containsEntry("feature_flag.key", "newCheckout")
                    .containsEntry("feature_flag.provider.name", "ConfigCat")
                    .containsEntry("feature_flag.result.variant", "v-checkout-on")
                    .containsEntry("feature_flag.result.reason", "static")
                    .doesNotContainKey("feature_flag.context.id") // the gated resource's caller is anonymous
                    .doesNotContainKey("error.type");
            assertThat(record.traceId()).as("correlated with a span").matches("[0-9a-f]{32}")
                    .isNotEqualTo("0".repeat(32));
            Otlp.Span span = await("the request's span at the collector").atMost(Duration.ofSeconds(60))
                    .until(() -> spans(tracesBefore).stream().filter(s -> s.spanId().equals(record.spanId()))
                            .findFirst(), found -> found.isPresent())
                    .orElseThrow();
            assertThat(span.traceId()).isEqualTo(record.traceId());
            assertThat(span.name()).as("the JAX-RS request's span").contains("shop/checkout");
        } finally {
            server().undeploy(OPERATED);
        }
    }

    /** FlagBridge's evaluation records of newCheckout among the log exports after the first {@code skip}. */
    private static List<Otlp.LogRecord> evaluations(int skip) {
        List<FakeCollector.Export> exports = FakeCollector.COLLECTOR.exports("/v1/logs");
        return exports.subList(skip, exports.size()).stream().flatMap(export -> Otlp.logs(export.body()).stream())
                .filter(record -> "newCheckout".equals(record.attributes().get("feature_flag.key"))).toList();
    }

    /** How many log exports arrived after the first {@code skip}, with the event names and keys of their records. */
    private static String logExports(int skip) {
        List<FakeCollector.Export> exports = FakeCollector.COLLECTOR.exports("/v1/logs");
        List<FakeCollector.Export> since = exports.subList(skip, exports.size());
        return since.size() + " (every path: " + FakeCollector.COLLECTOR.paths() + ") "
                + since.stream().flatMap(export -> Otlp.logs(export.body()).stream())
                        .map(record -> record.eventName() + "/" + record.attributes().get("feature_flag.key")).limit(20)
                        .toList()
                + "; their text: " + since.stream().map(export -> printable(export.body())).toList();
    }

    /** The printable runs of a body (names and values in a protobuf), for a failure's message. */
    private static String printable(byte[] body) {
        StringBuilder text = new StringBuilder();
        for (byte b : body) {
            text.append(b >= 32 && b < 127 ? (char) b : ' ');
        }
        return text.toString().replaceAll(" {2,}", " ").strip();
    }

    private static List<Otlp.Span> spans(int skip) {
        List<FakeCollector.Export> exports = FakeCollector.COLLECTOR.exports("/v1/traces");
        return exports.subList(skip, exports.size()).stream().flatMap(export -> Otlp.spans(export.body()).stream())
                .toList();
    }
}
