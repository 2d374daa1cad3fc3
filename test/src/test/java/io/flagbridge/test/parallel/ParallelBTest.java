package io.flagbridge.test.parallel;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.Gated;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs at the same time as its twin, in a container of its own: each sees only its own overrides and messages. */
@FlagBridgeTest(beans = Gated.class)
@FlagOverride(key = "limit", value = "2")
class ParallelBTest {

    @Inject
    Gated gated;

    @Inject
    TestFlags flags;

    @Inject
    RecordedSegment segment;

    @Test
    void seesOnlyItsOwnOverridesAndMessages() {
        flags.set("greeting", "from B");
        Rendezvous.meet(); // both classes have set their overrides now
        assertThat(gated.greeting("user-b")).isEqualTo("from B");
        assertThat(gated.limit()).isEqualTo(2);
        segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10));
        Rendezvous.meet(); // both have evaluated and recorded now
        assertThat(segment.messages()).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("\"userId\":\"user-b\"").doesNotContain("user-a"));
        assertThat(segment.tracks("Feature Flag Evaluated")).singleElement()
                .satisfies(track -> assertThat(track).contains("\"value\":\"from B\""));
        assertThat(flags.toString()).doesNotContain("from A");
    }
}
