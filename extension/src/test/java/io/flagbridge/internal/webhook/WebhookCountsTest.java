package io.flagbridge.internal.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Secret;

import static org.assertj.core.api.Assertions.assertThat;

/** flagbridge.webhook.requests: every answer of the webhook counted by its outcome, those after the stop not. */
class WebhookCountsTest {

    @Test
    void everyAnswerIsCountedByItsOutcome() {
        Counters counters = new Counters();
        WebhookEndpoint endpoint = new WebhookEndpoint(new WebhookVerifier(List.of(Secret.of(
                "configcat_whsk_flagbridge-counts-000000000000000000")), Duration.ofMinutes(5), Clock.systemUTC()),
                Duration.ofMinutes(5), Clock.systemUTC(), null, null, counters, true);
        endpoint.answered(new WebhookEndpoint.Answer(200, "ok"));
        endpoint.answered(new WebhookEndpoint.Answer(200, "ok"));
        endpoint.answered(new WebhookEndpoint.Answer(200, "already accepted"));
        endpoint.answered(endpoint.refuse("127.0.0.1", 401, "missing header"));
        endpoint.answered(endpoint.refuse("127.0.0.1", 400, "malformed timestamp or signature"));
        endpoint.answered(endpoint.refuse("127.0.0.1", 413, "body over 64 KiB"));
        endpoint.answered(new WebhookEndpoint.Answer(503, "stopped"));
        assertThat(Counters.WEBHOOK_OUTCOMES.stream().map(counters::webhookRequests)).containsExactly(2L, 1L, 1L,
                1L, 1L);
    }
}
