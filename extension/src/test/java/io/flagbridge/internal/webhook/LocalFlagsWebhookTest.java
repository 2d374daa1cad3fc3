package io.flagbridge.internal.webhook;

import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.flagbridge.FlagChanged;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** With local-only flags there is nothing to refresh: a verified request still fires its changes and gets 200. */
class LocalFlagsWebhookTest {

    @Test
    void aVerifiedRequestOnLocalOnlyFlagsIsAnswered200AndFiresItsChanges() {
        WebhookEndpointTest.Changes.SEEN.clear();
        WeldApp app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/segment.json",
                "configcat.overrides.behaviour", "local-only", "configcat.webhook.signing-keys",
                WebhookEndpointTest.SIGNING_KEY), WebhookEndpointTest.Changes.class);
        try (LogCapture log = LogCapture.of("io.flagbridge")) {
            WebhookEndpoint webhook = app.select(WebhookEndpoint.class);
            byte[] body = WebhookEndpointTest.body("[{\"settingKey\":\"on\",\"event\":\"changed\",\"details\":\"x\"}]");

            assertThat(webhook.handle("127.0.0.1", WebhookEndpointTest.signed("wh-local-1", body), body))
                    .isEqualTo(new WebhookEndpoint.Answer(200, "ok"));

            assertThat(WebhookEndpointTest.Changes.SEEN).extracting(FlagChanged::key, FlagChanged::source)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("on", FlagChanged.Source.WEBHOOK));
            assertThat(log.lines(Level.INFO)).isEmpty();
        } finally {
            app.close();
        }
    }
}
