package io.flagbridge.test.parallel;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.Gated;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of two test classes that run at the same time, each in a container of its own: each sees only its own
 * overrides and messages.
 */
abstract class ParallelTwin {

    private final String name;
    private final String other;
    private final int limit;

    @Inject
    Gated gated;

    @Inject
    TestFlags flags;

    @Inject
    RecordedSegment segment;

    /** @param limit the value of the twin's class-level {@code @FlagOverride} of {@code limit} */
    ParallelTwin(String name, String other, int limit) {
        this.name = name;
        this.other = other;
        this.limit = limit;
    }

    @Test
    void seesOnlyItsOwnOverridesAndMessages() {
        flags.set("greeting", "from " + name);
        Rendezvous.meet(); // both classes have set their overrides now
        assertThat(gated.greeting("user-" + name)).isEqualTo("from " + name);
        assertThat(gated.limit()).isEqualTo(limit);
        segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10));
        Rendezvous.meet(); // both have evaluated and recorded now
        assertThat(segment.messages()).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("\"userId\":\"user-" + name + "\"").doesNotContain("user-" + other));
        assertThat(segment.tracks("Feature Flag Evaluated")).singleElement()
                .satisfies(track -> assertThat(track).contains("\"value\":\"from " + name + "\""));
        assertThat(flags.toString()).doesNotContain("from " + other);
    }
}
