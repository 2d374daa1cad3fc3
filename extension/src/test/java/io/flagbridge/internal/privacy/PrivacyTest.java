package io.flagbridge.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;

import io.flagbridge.internal.webhook.WebhookEndpoint;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WebhookSignature;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** segment.hash-user-id and the attribute lists hold everywhere: ConfigCat's own log, the change's author. */
@ExtendWith(Fakes.class)
class PrivacyTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-privacy-001/0123456789abcdefghijkl";
    static final String HASH_KEY = "pepper-0123456789";
    static final String SIGNING_KEY = "configcat_whsk_flagbridge-privacy-000000000000000";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;
    final List<String> log = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (log) {
                log.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger configCatLog = Logger.getLogger("io.flagbridge.configcat");

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        ConfigCatClient client() {
            return client;
        }
    }

    @BeforeEach
    void start() {
        configCatLog.addHandler(capture);
        configCatLog.setLevel(Level.ALL);
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("plan", "basic", "v-basic",
                new ConfigJson.Rule("seats", ConfigJson.TextComparator.IS_ONE_OF, List.of("12"), "team", "v-team"))
                .build());
    }

    @AfterEach
    void stop() {
        configCatLog.removeHandler(capture);
        configCatLog.setLevel(null);
    }

    WeldApp start(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.polling-mode", "manual", "segment.write-key", "privacy-write-key-0123",
                "segment.endpoint", segment.baseUrl(), "segment.flush-size", "1"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Shop.class);
        return app;
    }

    static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HASH_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void configCatsOwnLogShowsAUserOnlyAsSegmentWouldGetThem() throws Exception {
        ConfigCatClient client = start("configcat.log-level", "info", "segment.hash-user-id", "true",
                "segment.hash-key", HASH_KEY, "segment.private-attributes", "email,seats").select(Shop.class).client();
        client.forceRefresh();
        // seats is a number, compared as text: ConfigCat warns (3005) and quotes the value it converted.
        User user = User.newBuilder().email("secret@example.com").country("NL")
                .custom(Map.of("seats", 12, "plan", "gold")).build("user-secret-42");
        assertThat(client.getValue(String.class, "plan", user, "none")).isEqualTo("team");

        String all;
        synchronized (log) {
            all = String.join("\n", log);
        }
        assertThat(all).contains("[5000]").contains("[3005]").contains(hmac("user-secret-42"))
                .contains("\"Country\":\"NL\"").contains("\"plan\":\"gold\"");
        assertThat(all).doesNotContain("user-secret-42").doesNotContain("secret@example.com")
                .contains("converted to the string value '****'").doesNotContain("string value '12'");
    }

    @Test
    void theAuthorOfAChangeIsHashedLikeAnyUserAndNeitherEmailNorNameIsSent() throws Exception {
        WeldApp started = start("configcat.webhook.signing-keys", SIGNING_KEY, "segment.hash-user-id", "true",
                "segment.hash-key", HASH_KEY);
        JsonObject track = changeBy(started, "Ann Lee (ann@example.com)");
        assertThat(track.get("userId").getAsString()).isEqualTo(hmac("ann@example.com"));
        assertThat(track.getAsJsonObject("properties").keySet()).doesNotContain("user_email", "user_full_name");
        assertThat(track.toString()).doesNotContain("ann@example.com").doesNotContain("Ann Lee");
    }

    @Test
    void withoutHashingAPrivateEmailStaysAndTheNameStandsForTheAuthor() {
        WeldApp started = start("configcat.webhook.signing-keys", SIGNING_KEY, "segment.private-attributes",
                "email");
        JsonObject track = changeBy(started, "Ann Lee (ann@example.com)");
        assertThat(track.get("userId").getAsString()).isEqualTo("Ann Lee");
        assertThat(track.getAsJsonObject("properties").get("user_full_name").getAsString()).isEqualTo("Ann Lee");
        assertThat(track.toString()).doesNotContain("ann@example.com");
    }

    JsonObject changeBy(WeldApp started, String changedBy) {
        byte[] body = ("{\"configId\":\"c-1\",\"changedBy\":\"" + changedBy + "\",\"changeDetails\":[{\"settingKey\":"
                + "\"plan\",\"event\":\"changed\",\"details\":\"x\"}]}").getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        WebhookEndpoint.Answer answer = started.select(WebhookEndpoint.class).handle("127.0.0.1",
                new WebhookEndpoint.Headers("wh-1", timestamp, WebhookSignature.sign(SIGNING_KEY, "wh-1", timestamp,
                        body)),
                body);
        assertThat(answer.status()).isEqualTo(200);
        app.close();
        app = null;
        return segment.tracks("Feature Flag Changed").get(0);
    }
}
