package io.flagbridge.it;

import java.time.Duration;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.SEGMENT;
import static io.flagbridge.it.support.TestApps.SEGMENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ClientScenarios} on the managed server that {@code arquillian.launch} names, and a Segment outage. First in
 * the server's run ({@code junit-platform.properties} orders classes by {@link Order}), so that the ten redeploys it
 * makes first are the run's oldest: {@link ThreadsLeftOnServerIT}, last, checks that their threads are all gone
 * (OkHttp's daemons take a minute to end, which passes while the other classes run).
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ClientOnServerIT extends OnServer implements ClientScenarios {

    /**
     * Long enough for every kind of wait between attempts: the quick retries (0.1, 0.2, 0.4 s), then the outage's
     * backoff (1, 2, 4, 8 s) up to its cap of 15 s, which the attempt at about 16 s is the first to wait.
     */
    static final Duration SEGMENT_OUTAGE = Duration.ofSeconds(20);

    @Deployment(name = TestApps.LOCAL, managed = false)
    public static WebArchive local() {
        return TestApps.archive(TestApps.LOCAL);
    }

    @Deployment(name = TestApps.REMOTE, managed = false)
    public static WebArchive remote() {
        return TestApps.archive(TestApps.REMOTE);
    }

    @Deployment(name = TestApps.MANUAL, managed = false)
    public static WebArchive manual() {
        return TestApps.archive(TestApps.MANUAL);
    }

    @Deployment(name = TestApps.MISCONFIGURED, managed = false)
    public static WebArchive misconfigured() {
        return TestApps.archive(TestApps.MISCONFIGURED);
    }

    @Deployment(name = TestApps.THREADS, managed = false)
    public static WebArchive threads() {
        return TestApps.archive(TestApps.THREADS);
    }

    @Deployment(name = TestApps.OUTAGE, managed = false)
    public static WebArchive outage() {
        return TestApps.archive(TestApps.OUTAGE);
    }

    @Deployment(name = TestApps.THREAD_PROBE, managed = false)
    public static WebArchive threadProbe() {
        return TestApps.archive(TestApps.THREAD_PROBE);
    }

    @Deployment(name = TestApps.SEGMENT, managed = false)
    public static WebArchive segment() {
        return TestApps.archive(TestApps.SEGMENT);
    }

    /** A Segment outage in a deployed application: nothing that fits in the queue is lost. */
    @Test
    @Order(FIRST + 1)
    void aSegmentOutageThroughEveryBackoffBelowTheQueuesBoundsLosesNoMessageAndAllArriveSoonAfter() throws Exception {
        SharedCdn.CDN.serve(SEGMENT_KEY, FeatureFlagScenarios.flags(false));
        SharedSegment.SEGMENT.clear();
        server().deploy(SEGMENT);
        try {
            assertThat(server().call(SEGMENT, "refresh", Map.of())).isEqualTo("ok");
            SharedSegment.SEGMENT.stop();
            int users = 0;
            long end = System.nanoTime() + SEGMENT_OUTAGE.toNanos();
            try {
                while (System.nanoTime() < end) {
                    // About five new users a second: 2 messages each, 200 in all, far below the 10,000 the queue holds.
                    server().call(SEGMENT, "eval", Map.of("key", "newCheckout", "type", "boolean", "user",
                            "outage-" + users++, "email", ""));
                    Thread.sleep(200);
                }
            } finally {
                SharedSegment.SEGMENT.restart();
            }
            int expected = 2 * users;
            await("every message of the outage at Segment").atMost(Duration.ofSeconds(30))
                    .until(() -> SharedSegment.SEGMENT.messages().size() >= expected);
            assertThat(SharedSegment.SEGMENT.messages()).hasSize(expected);
            assertThat(server().call(SEGMENT, "stats", Map.of())).isEqualTo("sent=" + expected
                    + " failed=0 dropped=0 pending=0");
        } finally {
            server().undeploy(SEGMENT);
        }
    }
}
