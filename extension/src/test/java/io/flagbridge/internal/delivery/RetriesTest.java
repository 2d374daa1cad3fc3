package io.flagbridge.internal.delivery;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;

import static io.flagbridge.internal.delivery.OutboxTest.track;
import static org.assertj.core.api.Assertions.assertThat;

/** Segment's retry rules: what is retried, how long is waited, what an outage keeps, what a bad message costs. */
@ExtendWith(Fakes.class)
class RetriesTest {

    @Fake
    FakeSegment segment;
    Counters counters;
    @Fake
    OutboxTest.Delivery delivery;

    @BeforeEach
    void start() {
        counters = new Counters();
    }

    void deliver(String... config) {
        String[] all = new String[config.length + 4];
        all[0] = "segment.flush-size";
        all[1] = "1";
        all[2] = "segment.shutdown-timeout";
        all[3] = "PT10S";
        System.arraycopy(config, 0, all, 4, config.length);
        delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "1000", all), counters);
    }

    @ParameterizedTest
    @ValueSource(ints = { 408, 410, 429, 460, 500, 502, 503, 504, 599 })
    void aRetryableStatusIsRetriedAndTheBatchDelivered(int status) {
        segment.answerNext(status, null);
        deliver("segment.retries", "3");
        assertThat(delivery.send(() -> track(1))).isTrue();
        assertThat(Eventually.reach(counters::sent, 1)).isEqualTo(1);
        assertThat(segment.requests()).extracting(FakeSegment.ReceivedRequest::status).containsExactly(status, 200);
        assertThat(counters.failed()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403, 404, 422, 501, 505, 511 })
    void aStatusSegmentSaysNotToRetryIsNotRetried(int status) {
        segment.answerNext(status, null);
        deliver("segment.retries", "3");
        assertThat(delivery.send(() -> track(1))).isTrue();
        assertThat(Eventually.reach(counters::failed, 1)).isEqualTo(1);
        delivery.close();
        delivery = null;
        assertThat(segment.requests()).extracting(FakeSegment.ReceivedRequest::status).containsExactly(status);
        assertThat(counters.sent()).isZero();
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)
                .plusSeconds(3));
        segment.answerNext(503, inThreeSeconds);
        deliver();
        delivery.send(() -> track(1));
        assertThat(Eventually.until(() -> counters.sent(), sent -> sent == 1, Duration.ofSeconds(15))).isEqualTo(1);
        List<FakeSegment.ReceivedRequest> requests = segment.requests();
        // The date has whole seconds: at least two of the three are waited for.
        assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterInSecondsIsHonouredBeyondFiveSeconds() {
        segment.answerNext(429, "7");
        deliver();
        delivery.send(() -> track(1));
        assertThat(Eventually.until(() -> counters.sent(), sent -> sent == 1, Duration.ofSeconds(15))).isEqualTo(1);
        List<FakeSegment.ReceivedRequest> requests = segment.requests();
        assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anOutageKeepsTheMessagesThatFitAndDeliversThemWhenSegmentIsBack() throws Exception {
        segment.failWithStatus(502);
        deliver("segment.retries", "2", "segment.flush-size", "50");
        for (int i = 0; i < 200; i++) {
            assertThat(delivery.send(() -> track(1))).isTrue();
        }
        // Three times segment.retries failed attempts, into the outage's backoff: nothing is given up.
        assertThat(Eventually.reach(() -> segment.requestCount(), 6)).isGreaterThanOrEqualTo(6);
        assertThat(counters.failed()).isZero();
        assertThat(delivery.pending()).isEqualTo(200);
        segment.healthy();
        assertThat(Eventually.until(() -> counters.sent(), sent -> sent == 200, Duration.ofSeconds(20)))
                .isEqualTo(200);
        assertThat(counters.failed()).isZero();
        assertThat(counters.dropped()).isZero();
    }

    @Test
    void aBatchRefusedForItsContentIsSplitSoThatTheGoodMessagesArrive() {
        segment.refuseBatchesWith(m -> m.getAsJsonObject("properties").has("bad"), 400);
        deliver("segment.flush-size", "16", "segment.flush-interval", "PT1H");
        for (int i = 0; i < 16; i++) {
            int n = i;
            delivery.send(() -> track("u" + n, "id-" + n, n == 5 ? Map.of("bad", true) : Map.of("n", n)));
        }
        assertThat(Eventually.reach(() -> counters.sent() + counters.failed(), 16)).isEqualTo(16);
        assertThat(counters.sent()).isEqualTo(15);
        assertThat(counters.failed()).isEqualTo(1);
        assertThat(segment.messages()).hasSize(15).noneMatch(m -> m.getAsJsonObject("properties").has("bad"));
    }

    @Test
    void aBatchTooLargeForSegmentIsSplitToo() {
        segment.answerNext(413, null);
        deliver("segment.flush-size", "8", "segment.flush-interval", "PT1H");
        for (int i = 0; i < 8; i++) {
            int n = i;
            delivery.send(() -> track(n));
        }
        assertThat(Eventually.reach(counters::sent, 8)).isEqualTo(8);
        assertThat(segment.requests()).extracting(FakeSegment.ReceivedRequest::status).startsWith(413, 200, 200);
    }

    @Test
    void aRedirectIsNotFollowedAndTheWriteKeyStaysWhereItWasConfigured() {
        try (FakeSegment elsewhere = FakeSegment.start()) {
            segment.answerNextWithHeaders(307, Map.of("Location", elsewhere.uploadUrl()));
            deliver("segment.retries", "3");
            delivery.send(() -> track(1));
            assertThat(Eventually.reach(counters::failed, 1)).isEqualTo(1);
            assertThat(elsewhere.requestCount()).isZero();
            assertThat(counters.sent()).isZero();
        }
    }

    @Test
    void atTheStopABatchWaitingForItsRetryGetsOneLastAttemptWithinTheDeadline() {
        segment.answerNext(503, "60");
        delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "1000", "segment.flush-size", "1",
                "segment.retries", "3", "segment.shutdown-timeout", "PT3S"), counters);
        assertThat(delivery.send(() -> track(1))).isTrue();
        // Segment answered 503 with Retry-After: 60; the batch waits for its next attempt, a minute away.
        assertThat(Eventually.until(segment::requestCount, n -> n == 1)).isEqualTo(1);
        assertThat(delivery.send(() -> track(2))).isTrue();
        delivery.close();
        delivery = null;
        assertThat(segment.messages()).extracting(m -> m.get("messageId").getAsString()).containsExactlyInAnyOrder(
                "id-1", "id-2");
        assertThat(counters.sent()).isEqualTo(2);
        assertThat(counters.failed()).isZero();
    }
}
