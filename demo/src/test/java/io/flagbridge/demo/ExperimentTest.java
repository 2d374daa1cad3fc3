package io.flagbridge.demo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.RequestHeader;
import io.flagbridge.test.TestRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's flag file (ConfigCat's full config JSON, {@code demo-flags.json}) and its experiment, with the test kit on
 * Weld SE: the email rule, the segment rule, the 50/50 split with its variation IDs, and the OpenFeature outcome.
 */
@FlagBridgeTest(beans = { ShopResource.class, OrderResource.class, DemoUser.class,
        LastEvaluations.class })
@RequestHeader(name = "X-User", value = "ann@example.com")
class ExperimentTest {

    @Inject
    ShopResource shop;

    @Inject
    OrderResource orders;

    @Inject
    LastEvaluations evaluations;

    @Inject
    RecordedSegment segment;

    @Inject
    TestRequest request;

    @Test
    void staffGetTheNewCheckoutByTheirEmailDomain() {
        assertThat(shop.checkout()).isEqualTo("New one-page checkout");
        assertThat(segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10))).singleElement()
                .asString().contains("\"feature_flag_key\":\"newCheckout\"", "\"variation_id\":\"v-staff\"");
    }

    @Test
    void betaTestersGetTheSmartSearchThroughTheirSegment() {
        request.header("X-User", "bob@beta.example");
        assertThat(shop.search("shoes")).startsWith("Smart search for 'shoes'");
        request.header("X-User", "carl@shop.test");
        assertThat(shop.search("shoes")).startsWith("Classic search for 'shoes'");
        List<String> tracks = segment.awaitTracks("Feature Flag Evaluated", 2, Duration.ofSeconds(10));
        assertThat(String.join("\n", tracks)).contains("\"variation_id\":\"v-beta-search\"",
                "\"variation_id\":\"v-classic-search\"");
    }

    @Test
    void theBannerIsATextFlagWithAVariationId() {
        assertThat(shop.banner()).isEqualTo("Free shipping this week!");
        assertThat(segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10))).singleElement()
                .asString().contains("\"variation_id\":\"v-free-shipping\"");
    }

    @Test
    void aHundredShoppersSplitBetweenBothVariationsAndSomeCompleteACheckout() {
        assertThat(orders.simulate(100)).startsWith("100 shoppers, ");
        List<String> exposures = segment.awaitTracks("Feature Flag Evaluated", 100, Duration.ofSeconds(20));
        long newOnes = exposures.stream().filter(m -> m.contains("\"variation_id\":\"v-new-checkout\"")).count();
        long classic = exposures.stream().filter(m -> m.contains("\"variation_id\":\"v-classic-checkout\"")).count();
        assertThat(newOnes + classic).isEqualTo(100);
        // 50/50 by identifier: with 100 fresh shoppers, each half outside [25, 75] is a one-in-a-million event.
        assertThat(newOnes).isBetween(25L, 75L);
        assertThat(segment.tracks(OrderResource.COMPLETED)).isNotEmpty().allSatisfy(
                track -> assertThat(track).containsPattern("\"checkout\":\"(new|classic)\"").contains("@shop.test"));
        // The page's chart: the exposures the demo's @ObservesAsync observer counted, per variation.
        assertThat(evaluations.exposures().get("newCheckout")).containsEntry("v-new-checkout", (int) newOnes)
                .containsEntry("v-classic-checkout", (int) classic);
    }

    @Test
    void checkoutCompletedIsTrackedThroughOpenFeatureForTheShopper() {
        assertThat(orders.complete(42.5)).isEqualTo("Checkout Completed for ann@example.com (new checkout)");
        assertThat(segment.awaitTracks(OrderResource.COMPLETED, 1, Duration.ofSeconds(10))).singleElement().asString()
                .contains("\"userId\":\"ann@example.com\"", "\"value\":42.5", "\"currency\":\"EUR\"",
                        "\"checkout\":\"new\"");
    }
}
