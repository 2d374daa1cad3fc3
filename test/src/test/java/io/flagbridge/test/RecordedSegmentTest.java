package io.flagbridge.test;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.SegmentStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@FlagBridgeTest(beans = Gated.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordedSegmentTest {

    static final String EVALUATED = "Feature Flag Evaluated";
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Gated gated;

    @Inject
    RecordedSegment segment;

    @Inject
    SegmentStats stats;

    @Test
    @Order(1)
    @FlagOverride(key = "greeting", value = "hi")
    void anOverridesEvaluationIsRecordedAsFlagBridgeWouldSendIt() {
        gated.greeting("alice");
        List<String> tracks = segment.awaitTracks(EVALUATED, 1, WAIT);
        assertThat(tracks).hasSize(1);
        JsonObject track = JsonParser.parseString(tracks.get(0)).getAsJsonObject();
        assertThat(track.get("type").getAsString()).isEqualTo("track");
        assertThat(track.get("userId").getAsString()).isEqualTo("alice");
        JsonObject properties = track.getAsJsonObject("properties");
        assertThat(properties.get("feature_flag_key").getAsString()).isEqualTo("greeting");
        assertThat(properties.get("value").getAsString()).isEqualTo("hi");
        assertThat(properties.get("variation_id").getAsString()).startsWith("flagbridge-override-");
        JsonObject context = track.getAsJsonObject("context");
        assertThat(context.getAsJsonObject("integration").get("name").getAsString()).isEqualTo("configcat");
        assertThat(context.getAsJsonObject("library").get("name").getAsString()).isEqualTo("flagbridge");
        assertThat(segment.identifies()).singleElement().satisfies(identify -> assertThat(JsonParser
                .parseString(identify).getAsJsonObject().get("userId").getAsString()).isEqualTo("alice"));
        assertThat(segment.messages()).hasSize(2);
    }

    @Test
    @Order(2)
    @FlagOverride(key = "greeting", value = "hi")
    void eachTestStartsWithAnEmptyRecordingAndAFreshDedupeWindow() {
        assertThat(segment.messages()).isEmpty();
        long deduped = stats.deduped();
        gated.greeting("alice"); // the same exposure as the first test's: sent again in this test
        assertThat(stats.deduped()).as("a fresh window").isEqualTo(deduped);
        gated.greeting("alice"); // deduped within this test
        assertThat(stats.deduped()).as("the same window").isEqualTo(deduped + 1);
        assertThat(segment.awaitTracks(EVALUATED, 1, WAIT)).singleElement().satisfies(track -> assertThat(track)
                .contains("\"userId\":\"alice\"", "\"value\":\"hi\""));
    }

    @Test
    @Order(3)
    void clearForgetsWhatWasRecorded() {
        gated.betaFor("bob");
        segment.awaitTracks(EVALUATED, 1, WAIT);
        segment.clear();
        assertThat(segment.messages()).isEmpty();
        assertThat(segment.tracks(EVALUATED)).isEmpty();
    }

    @Test
    @Order(4)
    void aTimeoutNamesWhatDidArrive() {
        gated.betaFor("carol");
        segment.awaitTracks(EVALUATED, 1, WAIT);
        assertThatThrownBy(() -> segment.awaitTracks(EVALUATED, 2, Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("FLAGBRIDGE-0206: expected at least 2 'Feature Flag Evaluated' track(s) "
                        + "within PT0.3S, but 1 arrived; recorded: [")
                .hasMessageContaining("\"userId\":\"carol\"");
        assertThatThrownBy(() -> segment.awaitTracks(EVALUATED, 0, WAIT)).isInstanceOf(
                IllegalArgumentException.class).hasMessage(
                        "FLAGBRIDGE-0205: awaitTracks(\"Feature Flag Evaluated\", "
                                + "0, PT10S) is invalid; expected an event name, a count of at least 1 and a positive timeout");
    }
}
