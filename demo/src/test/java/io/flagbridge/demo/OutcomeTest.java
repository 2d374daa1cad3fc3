package io.flagbridge.demo;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The experiment's outcome from Segment messages: attribution to the exposed variation, and Wilson's interval. */
class OutcomeTest {

    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    static JsonObject exposure(String user, String variation, Instant at) {
        return JsonParser.parseString("{\"type\":\"track\",\"event\":\"Feature Flag Evaluated\",\"userId\":\"" + user
                + "\",\"timestamp\":\"" + at + "\",\"properties\":{\"feature_flag_key\":\"newCheckout\","
                + "\"value\":true,\"variation_id\":\"" + variation + "\"}}").getAsJsonObject();
    }

    static JsonObject conversion(String user, Instant at) {
        return JsonParser.parseString("{\"type\":\"track\",\"event\":\"Checkout Completed\",\"userId\":\"" + user
                + "\",\"timestamp\":\"" + at + "\",\"properties\":{\"value\":42.5}}").getAsJsonObject();
    }

    @Test
    void wilsonsIntervalAgreesWithItsPublishedValues() {
        assertThat(Experiment.wilson(35, 100)).containsExactly(new double[] { 0.26364, 0.44746 }, within(1e-5));
        assertThat(Experiment.wilson(0, 10)).containsExactly(new double[] { 0, 0.27753 }, within(1e-5));
        assertThat(Experiment.wilson(10, 10)).containsExactly(new double[] { 0.72247, 1 }, within(1e-5));
        assertThat(Experiment.wilson(0, 0)).containsExactly(0, 1);
    }

    @Test
    void eachShopperCountsInTheVariationOfTheirFirstExposureAndConvertsOnlyAfterIt() {
        Experiment experiment = new Experiment();
        experiment.record(exposure("ann", "v-new-checkout", T));
        experiment.record(conversion("ann", T.plusSeconds(5)));
        experiment.record(conversion("ann", T.plusSeconds(9))); // a shopper converts once
        // Bob's conversion came before his exposure: not a conversion of the experiment.
        experiment.record(conversion("bob", T.minusSeconds(5)));
        experiment.record(exposure("bob", "v-classic-checkout", T));
        // Carl's batches arrived out of order: his first exposure decides.
        experiment.record(exposure("carl", "v-new-checkout", T.plusSeconds(60)));
        experiment.record(exposure("carl", "v-classic-checkout", T));
        experiment.record(conversion("carl", T.plusSeconds(61)));
        experiment.record(exposure("dora", "v-staff", T));
        experiment.record(conversion("eve", T)); // never exposed
        experiment.record(JsonParser.parseString("{\"type\":\"identify\",\"userId\":\"ann\"}").getAsJsonObject());

        Experiment.Outcome outcome = experiment.outcome();
        assertThat(outcome.variations()).extracting(Experiment.Variation::variation, Experiment.Variation::exposures,
                Experiment.Variation::conversions).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v-new-checkout", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("v-classic-checkout", 2L, 1L),
                        org.assertj.core.groups.Tuple.tuple("v-staff", 1L, 0L));
    }

    static Experiment.Variation arm(String variation, long conversions, long exposures) {
        double[] interval = Experiment.wilson(conversions, exposures);
        return new Experiment.Variation(variation, exposures, conversions, (double) conversions / exposures,
                interval[0], interval[1]);
    }

    @Test
    void thePlainSentenceSaysWhetherTheIntervalsOverlap() {
        assertThat(Experiment.sentence(arm("v-new-checkout", 35, 100), arm("v-classic-checkout", 25, 100)))
                .isEqualTo("new checkout converts 35% [26-45%] vs classic checkout 25% [18-34%] (95% intervals, 100 "
                        + "and 100 shoppers); the intervals overlap: no clear winner yet, more shoppers will tell.");
        assertThat(Experiment.sentence(arm("v-new-checkout", 350, 1000), arm("v-classic-checkout", 250, 1000)))
                .isEqualTo("new checkout converts 35% [32-38%] vs classic checkout 25% [22-28%] (95% intervals, 1000 "
                        + "and 1000 shoppers); the intervals do not overlap: the new checkout converts better.");
        assertThat(Experiment.sentence(arm("v-new-checkout", 0, 0), arm("v-classic-checkout", 3, 10)))
                .startsWith("No result yet");
        assertThat(List.of(Experiment.rate(arm("v-new-checkout", 10, 10)))).containsExactly("100% [72-100%]");
    }
}
