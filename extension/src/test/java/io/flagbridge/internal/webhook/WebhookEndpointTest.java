package io.flagbridge.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagChanged;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WebhookSignature;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook on Weld SE, without a servlet container: verification, refresh, the changes it fires, after stop. */
@ExtendWith(Fakes.class)
class WebhookEndpointTest {

    static final String KEY = "configcat-sdk-1/flagbridge-webhook-001/0123456789abcdefghijkl";
    static final String SIGNING_KEY = "configcat_whsk_flagbridge-weld-primary-00000000000";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Changes {
        static final List<FlagChanged> SEEN = new CopyOnWriteArrayList<>();

        @Inject
        ConfigCatClient client;

        void seen(@Observes FlagChanged change) {
            SEEN.add(change);
        }

        boolean checkout() {
            return client.getValue(Boolean.class, "checkout", false);
        }
    }

    @BeforeEach
    void start() {
        cdn.serve(KEY, flags(false));
        Changes.SEEN.clear();
        app = WeldApp.start(Map.of("configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual", "configcat.webhook.signing-keys", SIGNING_KEY), Changes.class);
        app.select(ConfigCatClient.class).forceRefresh();
    }

    String flags(boolean checkout) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", checkout, checkout ? "v-on" : "v-off").build();
    }

    static byte[] body(String details) {
        return ("{\"configId\":\"c-1\",\"configName\":\"Main\",\"environmentId\":\"e-1\",\"environmentName\":"
                + "\"Production\",\"url\":\"https://app.configcat.com/c-1\",\"changedBy\":\"Ann Lee (ann@example.com)\","
                + "\"changeNotes\":\"launch\",\"changeDetails\":" + details + "}").getBytes(StandardCharsets.UTF_8);
    }

    static WebhookEndpoint.Headers signed(String id, byte[] body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return new WebhookEndpoint.Headers(id, timestamp, WebhookSignature.sign(SIGNING_KEY, id, timestamp, body));
    }

    @Test
    void aSignedChangeRefreshesTheClientAndFiresOneEventPerSettingWithItsKind() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        cdn.serve(KEY, flags(true));
        int requests = cdn.requests(KEY);
        byte[] body = body("[{\"settingKey\":\"newFlag\",\"event\":\"created\",\"details\":\"added\"},"
                + "{\"settingKey\":\"oldFlag\",\"event\":\"deleted\",\"details\":\"gone\"},"
                + "{\"settingKey\":\"checkout\",\"event\":\"changed\",\"details\":\"on for\\neveryone\"},"
                + "{\"event\":\"changed\",\"details\":\"no key\"}]");

        assertThat(webhook.handle("127.0.0.1", signed("wh-1", body), body)).isEqualTo(new WebhookEndpoint.Answer(200,
                "ok"));

        assertThat(Eventually.reach(() -> cdn.requests(KEY), requests + 1)).as("refreshed").isEqualTo(requests + 1);
        assertThat(Eventually.until(() -> app.select(Changes.class).checkout(), on -> on)).isTrue();
        List<FlagChanged> fromWebhook = Changes.SEEN.stream().filter(c -> c.source() == FlagChanged.Source.WEBHOOK)
                .toList();
        assertThat(fromWebhook).extracting(FlagChanged::key, FlagChanged::kind, FlagChanged::details).containsExactly(
                org.assertj.core.groups.Tuple.tuple("newFlag", FlagChanged.Kind.ADDED, "added"),
                org.assertj.core.groups.Tuple.tuple("oldFlag", FlagChanged.Kind.REMOVED, "gone"),
                org.assertj.core.groups.Tuple.tuple("checkout", FlagChanged.Kind.CHANGED, "on for; everyone"));
        assertThat(fromWebhook.get(0)).extracting(FlagChanged::configId, FlagChanged::configName,
                FlagChanged::environmentId, FlagChanged::environmentName, FlagChanged::url, FlagChanged::changedByName,
                FlagChanged::changedByEmail, FlagChanged::changeNotes).containsExactly("c-1", "Main", "e-1",
                        "Production", "https://app.configcat.com/c-1", "Ann Lee", "ann@example.com", "launch");
        // The refresh itself was seen by the SDK diff too.
        assertThat(Changes.SEEN).anyMatch(c -> c.source() == FlagChanged.Source.SDK && c.key().equals("checkout"));
    }

    @Test
    void aReplayedRequestIsAnsweredButChangesNothing() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        byte[] body = body("[{\"settingKey\":\"checkout\",\"event\":\"changed\",\"details\":\"x\"}]");
        WebhookEndpoint.Headers headers = signed("wh-5", body);
        assertThat(webhook.handle("127.0.0.1", headers, body).status()).isEqualTo(200);
        Eventually.until(() -> cdn.requests(KEY), n -> n >= 2);
        int requests = cdn.requests(KEY);
        int events = Changes.SEEN.size();
        for (int i = 0; i < 100; i++) {
            assertThat(webhook.handle("127.0.0.1", headers, body)).isEqualTo(new WebhookEndpoint.Answer(200,
                    "already accepted"));
        }
        assertThat(cdn.requests(KEY)).as("no refresh").isEqualTo(requests);
        assertThat(Changes.SEEN).as("no event").hasSize(events);
        // A new delivery of the same change (another ID) is a request of its own.
        assertThat(webhook.handle("127.0.0.1", signed("wh-6", body), body).status()).isEqualTo(200);
        assertThat(Eventually.until(() -> cdn.requests(KEY), n -> n > requests)).isGreaterThan(requests);
    }

    @Test
    void aReplayWithTheSignatureHeaderDressedDifferentlyIsTheSameDelivery() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        byte[] body = body("[{\"settingKey\":\"checkout\",\"event\":\"changed\",\"details\":\"x\"}]");
        WebhookEndpoint.Headers headers = signed("wh-7", body);
        assertThat(webhook.handle("127.0.0.1", headers, body).status()).isEqualTo(200);
        Eventually.until(() -> cdn.requests(KEY), n -> n >= 2);
        int requests = cdn.requests(KEY);
        int events = Changes.SEEN.size();
        String signature = headers.signature();
        String unpadded = signature.replace("=", "");
        assertThat(unpadded).isNotEqualTo(signature);
        for (String dressed : List.of(signature + ",", " " + signature, unpadded, signature + ",AAAA",
                "AAAA," + signature)) {
            assertThat(webhook.handle("127.0.0.1", new WebhookEndpoint.Headers(headers.id(), headers.timestamp(),
                    dressed), body)).as(dressed).isEqualTo(new WebhookEndpoint.Answer(200, "already accepted"));
        }
        assertThat(cdn.requests(KEY)).as("no refresh").isEqualTo(requests);
        assertThat(Changes.SEEN).as("no event").hasSize(events);
    }

    @Test
    void theRefreshDoesNotHoldTheRequestThread() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        cdn.serve(KEY, flags(true));
        cdn.slow(Duration.ofSeconds(3));
        byte[] body = body("[]");
        long start = System.nanoTime();
        assertThat(webhook.handle("127.0.0.1", signed("wh-7", body), body).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered before the CDN").isLessThan(
                Duration.ofSeconds(2));
        assertThat(Eventually.until(() -> app.select(Changes.class).checkout(), on -> on)).isTrue();
    }

    @Test
    void aBadSignatureOrAMalformedTimestampChangesNothing() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        int requests = cdn.requests(KEY);
        byte[] body = body("[{\"settingKey\":\"checkout\",\"event\":\"changed\",\"details\":\"x\"}]");
        WebhookEndpoint.Headers good = signed("wh-2", body);

        assertThat(webhook.handle("127.0.0.1", new WebhookEndpoint.Headers("wh-2", good.timestamp(),
                WebhookSignature.sign("configcat_whsk_someone-else-000000000000000000000", "wh-2", good.timestamp(),
                        body)),
                body).status()).isEqualTo(401);
        assertThat(webhook.handle("127.0.0.1", new WebhookEndpoint.Headers("wh-2", "soon", good.signature()), body)
                .status()).isEqualTo(400);
        assertThat(webhook.handle("127.0.0.1", new WebhookEndpoint.Headers(null, good.timestamp(), good.signature()),
                body).status()).isEqualTo(401);

        assertThat(cdn.requests(KEY)).as("no refresh").isEqualTo(requests);
        assertThat(Changes.SEEN).isEmpty();
    }

    @Test
    void afterTheApplicationStopsTheWebhookAnswers503() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        app.close();
        app = null;
        byte[] body = body("[]");
        assertThat(webhook.handle("127.0.0.1", signed("wh-3", body), body)).isEqualTo(new WebhookEndpoint.Answer(503,
                "stopped"));
        assertThat(Changes.SEEN).isEmpty();
    }

    @Test
    void aSignedBodyThatIsNotTheDocumentedJsonStillRefreshes() {
        WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
        int requests = cdn.requests(KEY);
        byte[] body = "{\"changeNotes\":\"a \"quoted\" note\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(webhook.handle("127.0.0.1", signed("wh-4", body), body).status()).isEqualTo(200);
        assertThat(Eventually.reach(() -> cdn.requests(KEY), requests + 1)).isEqualTo(requests + 1);
        assertThat(Changes.SEEN).noneMatch(c -> c.source() == FlagChanged.Source.WEBHOOK);
    }
}
