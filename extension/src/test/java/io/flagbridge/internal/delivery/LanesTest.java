package io.flagbridge.internal.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.Hash64;
import io.flagbridge.testing.FakeSegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several batches in flight ({@code segment.max-in-flight}): each user's messages stay in order, the bounds hold for
 * all lanes together, a 429 holds every lane back, and the stop keeps its one deadline.
 */
class LanesTest {

    private static boolean offer(Outbox outbox, String user, String messageId, int n) {
        return outbox.offer(Hash64.of(user), () -> OutboxTest.track(user, messageId, Map.of("n", n)));
    }

    private static String user(JsonObject message) {
        return message.get("userId").getAsString();
    }

    private static int n(JsonObject message) {
        return message.getAsJsonObject("properties").get("n").getAsInt();
    }

    /** A user whose messages take the given lane. */
    private static String userOfLane(int lane, int lanes) {
        return usersOfLane(lane, lanes, 1).get(0);
    }

    /** {@code count} users whose messages take the given lane. */
    private static List<String> usersOfLane(int lane, int lanes, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < count; i++) {
            String user = "user-" + lane + "-" + i;
            if (Outbox.laneOf(Hash64.of(user), lanes) == lane) {
                users.add(user);
            }
        }
        return users;
    }

    @Test
    void eachUsersMessagesArriveInTheOrderOfferedWhileOneLaneIsSlow() {
        try (FakeSegment segment = FakeSegment.start()) {
            String slowUser = userOfLane(0, 4);
            segment.slowBatchesWith(m -> user(m).equals(slowUser), Duration.ofMillis(300));
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "100000",
                    "segment.max-in-flight", "4", "segment.flush-size", "10",
                    "segment.shutdown-timeout", "PT20S"),
                    counters);
            List<String> users = new ArrayList<>(List.of(slowUser));
            for (int lane = 1; lane < 4; lane++) {
                users.add(userOfLane(lane, 4));
            }
            for (int i = 0; i < 16; i++) {
                users.add("user-" + i);
            }
            int perUser = 25;
            int offered = 0;
            for (int n = 0; n < perUser; n++) {
                for (String user : users) {
                    assertThat(offer(delivery.outbox(), user, "id-" + offered++, n)).isTrue();
                }
            }
            delivery.flush();
            List<JsonObject> arrived = segment.awaitMessages(offered, Duration.ofSeconds(30));
            delivery.close();

            Map<String, List<Integer>> byUser = arrived.stream().collect(Collectors.groupingBy(LanesTest::user,
                    LinkedHashMap::new, Collectors.mapping(LanesTest::n, Collectors.toList())));
            List<Integer> inOrder = new ArrayList<>();
            for (int n = 0; n < perUser; n++) {
                inOrder.add(n);
            }
            assertThat(byUser).hasSize(users.size());
            assertThat(byUser.values()).allSatisfy(ns -> assertThat(ns).isEqualTo(inOrder));
            // The other lanes did not wait for the slow one: messages offered after the slow user's last one
            // arrived before it.
            int lastOfSlowUser = -1;
            for (int i = 0; i < arrived.size(); i++) {
                if (user(arrived.get(i)).equals(slowUser)) {
                    lastOfSlowUser = i;
                }
            }
            assertThat(arrived.subList(0, lastOfSlowUser)).filteredOn(m -> n(m) == perUser - 1)
                    .extracting(LanesTest::user).contains(users.get(1), users.get(2), users.get(3));
            assertThat(counters.sent()).isEqualTo(offered);
        }
    }

    @Test
    void batchesInFlightLeaveTheWholeQueueToWhatWaits() {
        // A Segment far away: each lane's batch is in flight for as long as the test runs.
        try (FakeSegment segment = FakeSegment.start()) {
            segment.slow(Duration.ofSeconds(60));
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "250",
                    "segment.max-in-flight", "2", "segment.flush-size", "50", "segment.flush-interval", "PT1H",
                    "segment.shutdown-timeout", "PT0.5S"), counters);
            // Two users, one a lane: a full batch each (less than half the queue: no lane sends early), taken and
            // posted.
            String[] users = twoUsersInTwoLanes();
            for (int i = 0; i < 100; i++) {
                assertThat(offer(delivery.outbox(), users[i % 2], "id-" + i, i)).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.requestCount() == 2);
            assertThat(delivery.outbox().waiting()).isZero();
            // The queue holds what waits: 250 more fit while the first 100 are in flight, the next is dropped.
            for (int i = 100; i < 350; i++) {
                assertThat(offer(delivery.outbox(), users[i % 2], "id-" + i, i)).as("message %d", i).isTrue();
            }
            assertThat(offer(delivery.outbox(), users[0], "id-350", 350)).isFalse();
            assertThat(delivery.outbox().waiting()).isEqualTo(250);
            assertThat(delivery.outbox().pending()).isEqualTo(350);
            assertThat(counters.dropped()).isEqualTo(1);
            delivery.close();
            assertThat(counters.failed()).isEqualTo(350);
            assertThat(counters.pending()).isZero();
        }
    }

    /** Two user IDs whose messages take different lanes of two. */
    private static String[] twoUsersInTwoLanes() {
        for (int i = 1;; i++) {
            if (Outbox.laneOf(Hash64.of("user-" + i), 2) != Outbox.laneOf(Hash64.of("user-0"), 2)) {
                return new String[] { "user-0", "user-" + i };
            }
        }
    }

    @Test
    void withEveryLaneStalledPendingStaysWithinTheBoundsAndEveryDropIsCounted() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.slow(Duration.ofSeconds(60));
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "200",
                    "segment.max-in-flight", "4", "segment.flush-size", "10", "segment.queue-max-bytes", "64KB",
                    "segment.shutdown-timeout", "PT0.5S"), counters);
            int taken = 0;
            for (int i = 0; i < 2_000; i++) {
                if (offer(delivery.outbox(), "user-" + (i % 50), "id-" + i, i)) {
                    taken++;
                }
                // The bounds hold what waits; each of the 4 lanes holds one batch of 10 besides.
                assertThat(delivery.outbox().waiting()).isLessThanOrEqualTo(200);
                assertThat(delivery.outbox().waitingBytes()).isLessThanOrEqualTo(64 * 1024);
                assertThat(delivery.outbox().pending()).isLessThanOrEqualTo(200 + 4 * 10);
            }
            // Every lane took a batch before the bounds were reached.
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.requestCount() == 4);
            assertThat(taken).isPositive().isLessThanOrEqualTo(200 + 4 * 10);
            assertThat(counters.dropped()).isEqualTo(2_000 - taken);
            delivery.close();
            assertThat(counters.failed()).isEqualTo(taken);
            assertThat(counters.pending()).isZero();
            assertThat(delivery.sender().threadsAlive()).isZero();
        }
    }

    @Test
    void aRateLimitHoldsEveryLaneBack() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.answerNext(429, "2");
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "1000",
                    "segment.max-in-flight", "4", "segment.flush-size", "5", "segment.retries", "3",
                    "segment.shutdown-timeout", "PT10S"), counters);
            String first = userOfLane(0, 4);
            for (int n = 0; n < 5; n++) {
                offer(delivery.outbox(), first, first + "-" + n, n);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.requestCount() == 1);
            long refusedAt = segment.requests().get(0).receivedAtNanos();
            for (int lane = 1; lane < 4; lane++) {
                String user = userOfLane(lane, 4);
                for (int n = 0; n < 5; n++) {
                    offer(delivery.outbox(), user, user + "-" + n, n);
                }
            }
            assertThat(segment.awaitMessages(20, Duration.ofSeconds(20))).hasSize(20);
            delivery.close();
            // Segment said "come back in 2 s" to the source: no lane came back sooner (a margin for the clock).
            assertThat(segment.requests().subList(1, segment.requests().size()))
                    .allSatisfy(request -> assertThat(Duration.ofNanos(request.receivedAtNanos() - refusedAt))
                            .isGreaterThan(Duration.ofMillis(1_900)));
            assertThat(counters.sent()).isEqualTo(20);
        }
    }

    @Test
    void theStopDeliversEveryLanesBatchesWithinItsDeadline() {
        try (FakeSegment segment = FakeSegment.start()) {
            // Four batches a lane, 400 ms a request: the lanes drain side by side in 1.6 s, one after another in 6.4 s.
            segment.slow(Duration.ofMillis(400));
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "10000",
                    "segment.max-in-flight", "4", "segment.flush-size", "25", "segment.flush-interval", "PT1H",
                    "segment.shutdown-timeout", "PT3S"), counters);
            List<String> users = new ArrayList<>();
            for (int lane = 0; lane < 4; lane++) {
                users.addAll(usersOfLane(lane, 4, 10));
            }
            for (int i = 0; i < 400; i++) {
                assertThat(offer(delivery.outbox(), users.get(i % users.size()), "id-" + i, i)).isTrue();
            }
            delivery.close();
            assertThat(segment.messages()).hasSize(400);
            assertThat(counters.sent()).isEqualTo(400);
            assertThat(counters.pending()).isZero();
            assertThat(delivery.sender().threadsAlive()).isZero();
        }
    }

    @Test
    void withAHangingEndpointTheStopKeepsItsDeadlineAndLeavesNoThread() {
        try (FakeSegment segment = FakeSegment.start()) {
            segment.slow(Duration.ofSeconds(60));
            Counters counters = new Counters();
            OutboxTest.Delivery delivery = new OutboxTest.Delivery(OutboxTest.settings(segment, "10000",
                    "segment.max-in-flight", "4", "segment.flush-size", "10", "segment.shutdown-timeout", "PT1S"),
                    counters);
            for (int i = 0; i < 100; i++) {
                offer(delivery.outbox(), "user-" + (i % 20), "id-" + i, i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> segment.requestCount() == 4);
            long start = System.nanoTime();
            delivery.sender().stop(Deadline.after(Duration.ofSeconds(1)));
            // The deadline and the cancelled calls' grace; a bound, not a speed.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(delivery.sender().threadsAlive()).isZero();
            assertThat(counters.failed()).isEqualTo(100);
            assertThat(counters.pending()).isZero();
        }
    }
}
