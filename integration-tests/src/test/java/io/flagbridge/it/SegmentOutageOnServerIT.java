package io.flagbridge.it;

import java.time.Duration;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.SharedSegment;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.SEGMENT;
import static io.flagbridge.it.support.TestApps.SEGMENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A minute of Segment outage, in a deployed application on WildFly and Open Liberty: nothing that fits is lost. */
public class SegmentOutageOnServerIT extends OnServer {

    static final Duration OUTAGE = Duration.ofSeconds(60);

    @Deployment(name = TestApps.SEGMENT, managed = false)
    public static WebArchive segment() {
        return TestApps.archive(TestApps.SEGMENT);
    }

    @Test
    void aMinuteOfOutageBelowTheQueuesBoundsLosesNoMessageAndAllArriveSoonAfter() throws Exception {
        SharedCdn.CDN.serve(SEGMENT_KEY, FeatureFlagScenarios.flags(false));
        SharedSegment.SEGMENT.clear();
        server().deploy(SEGMENT);
        try {
            assertThat(server().call(SEGMENT, "refresh", Map.of())).isEqualTo("ok");
            SharedSegment.SEGMENT.stop();
            int users = 0;
            long end = System.nanoTime() + OUTAGE.toNanos();
            try {
                while (System.nanoTime() < end) {
                    // About five new users a second: 2 messages each, 600 in all, far below the 10,000 the queue holds.
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
