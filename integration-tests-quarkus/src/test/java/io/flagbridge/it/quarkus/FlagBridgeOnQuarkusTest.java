package io.flagbridge.it.quarkus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.it.app.ChangeRecorder;
import io.flagbridge.it.app.EvaluationCounter;
import io.flagbridge.it.support.WebhookRequests;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that adds only flagbridge-interceptor to Quarkus REST: the injected client, gated resources, Segment,
 * observers and readiness, as on every other runtime.
 */
@QuarkusTest
@QuarkusTestResource(Fakes.class)
class FlagBridgeOnQuarkusTest {

    @Inject
    ConfigCatClient client;

    @Inject
    EvaluationCounter evaluations;

    @Inject
    AsyncEvaluations exposures;

    @Inject
    ChangeRecorder changes;

    @Inject
    Client openFeature;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    InMemoryMetricExporter metrics;

    private static final String WEBHOOK = "/flagbridge/configcat-webhook";

    @Test
    void theInjectedClientHasTheFlagsOfTheCdn() {
        assertThat(client.getValue(String.class, "plan", User.newBuilder().email("ann@example.com").build("ann"),
                "default")).isEqualTo("premium");
        assertThat(client.getValue(Boolean.class, "newCheckout", null, false)).isTrue();
    }

    @Test
    void aFlagThatIsOnRunsTheMethod() {
        assertThat(get("/api/shop/checkout")).isEqualTo("200 text/plain new checkout");
    }

    @Test
    void aFlagThatIsOffRunsTheFallbackWithTheSameArguments() {
        assertThat(get("/api/shop/search?q=shoes")).isEqualTo("200 text/plain legacy search for shoes");
    }

    @Test
    void aFlagThatIsOffWithoutFallbackIsNotFound() {
        assertThat(get("/api/shop/banner")).as("FlagBridge's mapper").isEqualTo("404 text/plain Not Found");
        assertThat(get("/api/shop/no-such-method")).as("Quarkus's own 404").startsWith("404 ")
                .isNotEqualTo("404 text/plain Not Found");
    }

    @Test
    void anExposureReachesSegmentWithItsProperties() {
        assertThat(get("/api/shop/beta?user=alice")).isEqualTo("200 text/plain beta for alice");
        JsonObject track = await().atMost(Duration.ofSeconds(20)).until(() -> Fakes.segment
                .tracks("Feature Flag Evaluated").stream().filter(m -> m.get("userId").getAsString().equals("alice"))
                .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(track.get("properties")).isEqualTo(JsonParser.parseString("{\"feature_flag_key\":\"beta\","
                + "\"value\":true,\"variation_id\":\"v-beta-alice\",\"user\":{\"identifier\":\"alice\"}}"));
        assertThat(track.getAsJsonObject("context").get("integration"))
                .isEqualTo(JsonParser.parseString("{\"name\":\"configcat\",\"version\":\"1.0.0\"}"));
        assertThat(Fakes.segment.lastWriteKey()).contains(Fakes.WRITE_KEY);
    }

    @Test
    void observersSeeEveryEvaluationAndAsyncOnesEachExposure() {
        long before = evaluations.count();
        exposures.clear();
        client.getValue(Boolean.class, "newCheckout", User.newBuilder().build("observed-1"), false);
        client.getValue(Boolean.class, "newCheckout", User.newBuilder().build("observed-1"), false);
        assertThat(evaluations.count() - before).as("@Observes: every evaluation").isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exposures.seen())
                .filteredOn(seen -> seen.event() instanceof FlagEvaluated evaluated
                        && evaluated.user() != null && evaluated.user().getIdentifier().equals("observed-1"))
                .as("@ObservesAsync: one exposure, on FlagBridge's own thread").singleElement()
                .satisfies(seen -> assertThat(seen.thread()).startsWith("flagbridge-")));
    }

    @Test
    void theReadinessChecksAreUp() {
        Response ready = given().get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        List<Map<String, Object>> checks = ready.jsonPath().getList("checks");
        assertThat(checks).filteredOn(check -> check.get("name").equals("flagbridge-configcat")).singleElement()
                .satisfies(check -> assertThat(check.get("status")).isEqualTo("UP"));
        assertThat(checks).filteredOn(check -> check.get("name").equals("flagbridge-segment")).singleElement()
                .satisfies(check -> assertThat(check.get("status")).isEqualTo("UP"));
    }

    @Test
    void aNewConfigIsAChangeForEveryObserver() {
        exposures.clear();
        Fakes.cdn.serve(Fakes.SDK_KEY, Fakes.flags(true));
        try {
            assertThat(client.forceRefresh().isSuccess()).isTrue();
            assertThat(changes.describe().lines()).as("@Observes FlagChanged, from the SDK's diff")
                    .contains("banner|CHANGED|SDK|default value: false -> true|null|null|null|null");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(exposures.seen())
                    .as("@ObservesAsync FlagChanged")
                    .anySatisfy(seen -> assertThat(seen.event()).isInstanceOfSatisfying(FlagChanged.class,
                            change -> assertThat(change.key()).isEqualTo("banner"))));
            assertThat(get("/api/shop/banner")).isEqualTo("200 text/plain banner");
        } finally {
            Fakes.cdn.serve(Fakes.SDK_KEY, Fakes.flags(false));
            client.forceRefresh();
        }
    }

    @Test
    void aSignedWebhookIsAChangeAndAnUnsignedOrTooLargeOneIsRefused() {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String body = WebhookRequests.body("Enable for everyone");
        assertThat(given().header("X-ConfigCat-Webhook-ID", "quarkus-1")
                .header("X-ConfigCat-Webhook-Timestamp", timestamp)
                .header("X-ConfigCat-Webhook-Signature-V1",
                        WebhookRequests.sign(Fakes.SIGNING_KEY, "quarkus-1", timestamp, body))
                .body(body.getBytes(StandardCharsets.UTF_8)).post(WEBHOOK).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(changes.describe().lines())
                .contains("checkout|CHANGED|WEBHOOK|checkout: false \u2794 true|Main Config|Ann Lee|ann@example.com|"
                        + "Enable for everyone"));

        assertThat(given().header("X-ConfigCat-Webhook-ID", "quarkus-2")
                .header("X-ConfigCat-Webhook-Timestamp", timestamp).body(body).post(WEBHOOK).statusCode())
                .as("no signature").isEqualTo(401);
        assertThat(given().body("{}").get(WEBHOOK).statusCode()).as("a GET without headers").isEqualTo(401);

        String tooLarge = "{\"changeNotes\":\"" + "x".repeat(64 * 1024) + "\"}";
        assertThat(given().header("X-ConfigCat-Webhook-ID", "quarkus-3")
                .header("X-ConfigCat-Webhook-Timestamp", timestamp)
                .header("X-ConfigCat-Webhook-Signature-V1",
                        WebhookRequests.sign(Fakes.SIGNING_KEY, "quarkus-3", timestamp, tooLarge))
                .body(tooLarge).post(WEBHOOK).statusCode()).as("a body over 64 KiB").isEqualTo(413);
    }

    @Test
    void openFeaturesClientEvaluatesTheSameFlags() {
        long before = evaluations.count();
        FlagEvaluationDetails<String> plan = openFeature.getStringDetails("plan", "default",
                new MutableContext("ann").add("email", "ann@example.com"));
        assertThat(plan.getValue()).isEqualTo("premium");
        assertThat(plan.getVariant()).isEqualTo("v-premium");
        assertThat(plan.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(evaluations.count() - before).as("the same evaluations: FlagEvaluated").isEqualTo(1);
    }

    @Test
    void anEvaluationInARequestIsASpanEventAndACountOfQuarkusOpenTelemetry() { // evaluation-events=both here
        spans.reset();
        assertThat(get("/api/shop/checkout")).isEqualTo("200 text/plain new checkout");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .flatExtracting(SpanData::getEvents).filteredOn(event -> event.getName().equals("feature_flag.evaluation"))
                .extracting(event -> event.getAttributes().asMap().entrySet().stream()
                        .collect(Collectors.toMap(entry -> entry.getKey().getKey(), entry -> entry.getValue())))
                .contains(Map.of("feature_flag.key", "newCheckout", "feature_flag.provider.name", "ConfigCat",
                        "feature_flag.result.variant", "v-checkout-on", "feature_flag.result.reason", "static")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metrics.getFinishedMetricItems())
                .filteredOn(metric -> metric.getInstrumentationScopeInfo().getName().equals("io.flagbridge"))
                .extracting(MetricData::getName).contains("flagbridge.evaluations", "flagbridge.segment.messages"));
    }

    /** Status, media type without parameters, body. */
    private static String get(String path) {
        Response response = given().get(path);
        String type = response.contentType() == null ? "" : response.contentType().split(";")[0].strip();
        return response.statusCode() + " " + type + " " + response.body().asString();
    }
}
