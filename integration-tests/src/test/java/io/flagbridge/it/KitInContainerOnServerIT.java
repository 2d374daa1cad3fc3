package io.flagbridge.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.flagbridge.SegmentStats;
import io.flagbridge.it.support.TestApps;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test kit in-container (its jar in the test WAR, as an application's own test would have it): a gated JAX-RS
 * resource flipped by {@code @FlagOverride} and {@code TestFlags}, and its "Feature Flag Evaluated" recorded. Runs
 * inside the server; the application has no SDK key, flag file or write key.
 */
@ExtendWith(ArquillianExtension.class)
class KitInContainerOnServerIT {

    static final String EVALUATED = "Feature Flag Evaluated";

    @Deployment
    static WebArchive app() {
        return TestApps.archive(TestApps.TEST_KIT);
    }

    @Inject
    TestFlags flags;

    @Inject
    RecordedSegment segment;

    @Inject
    SegmentStats stats;

    @Test
    @FlagOverride(key = "beta", value = "true")
    void anOverriddenFlagOpensTheResourceAndItsEvaluationIsRecorded() {
        assertEquals(200, get("api/shop/beta?user=alice"));
        List<String> tracks = segment.awaitTracks(EVALUATED, 1, Duration.ofSeconds(20));
        assertEquals(1, tracks.size(), tracks::toString);
        String track = tracks.get(0);
        assertTrue(track.contains("\"feature_flag_key\":\"beta\"") && track.contains("\"value\":true")
                && track.contains("\"userId\":\"alice\"") && track.contains("\"variation_id\":\"flagbridge-override-"),
                track);
    }

    @Test
    void withoutAnOverrideTheFlagIsOff() {
        segment.clear(); // no @FlagOverride here, so the kit did not reset before this test
        assertEquals(404, get("api/shop/beta?user=bob"));
        // The kit knows no flag 'beta': its default, an error, and so no exposure. A marker after it is one; once it
        // is recorded and nothing is pending, an exposure of bob's, queued before it, would be recorded too.
        flags.set("beta", true);
        try {
            assertEquals(200, get("api/shop/beta?user=marker"));
            segment.awaitTracks(EVALUATED, 1, Duration.ofSeconds(20));
            assertEquals(0, nothingPending(Duration.ofSeconds(20)), "pending");
            List<String> tracks = segment.tracks(EVALUATED);
            assertEquals(1, tracks.size(), tracks::toString);
            assertTrue(tracks.get(0).contains("\"userId\":\"marker\""), tracks::toString);
        } finally {
            flags.clear("beta");
        }
    }

    @Test
    @FlagOverride(key = "beta", value = "true")
    void testFlagsFlipsItWithinATest() {
        assertEquals(200, get("api/shop/beta?user=carol"));
        flags.set("beta", false);
        assertEquals(404, get("api/shop/beta?user=carol"));
        flags.clear("beta");
        assertEquals(404, get("api/shop/beta?user=carol"));
        flags.set("beta", "true");
        assertEquals(200, get("api/shop/beta?user=carol"));
        // One exposure per value in the dedupe window: true, then false (the second true is the first one again).
        List<String> tracks = segment.awaitTracks(EVALUATED, 2, Duration.ofSeconds(20));
        assertEquals(2, tracks.size(), tracks::toString);
        assertTrue(tracks.get(0).contains("\"value\":true") && tracks.get(1).contains("\"value\":false"),
                tracks::toString);
        assertTrue(tracks.stream().allMatch(t -> t.contains("\"userId\":\"carol\"")), tracks::toString);
    }

    /** SegmentStats.pending() once it is zero, or at the bound (in the server: no Awaitility in this WAR). */
    long nothingPending(Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        long pending = stats.pending();
        while (pending > 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
            pending = stats.pending();
        }
        return pending;
    }

    static int get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + path).toURL().openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(30_000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseUrl() throws IOException {
        try (InputStream in = KitInContainerOnServerIT.class.getClassLoader().getResourceAsStream(
                TestApps.TEST_KIT_BASE_URL)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
