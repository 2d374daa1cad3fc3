package io.flagbridge.demo;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.RequestHeader;
import io.flagbridge.test.TestFlags;

import static org.assertj.core.api.Assertions.assertThat;

/** Both sides of the demo's flags, and the Segment event, with the test kit on Weld SE. */
@FlagBridgeTest(beans = { ShopResource.class, DemoUser.class })
@RequestHeader(name = "X-User", value = "ann@example.com")
class ShopResourceTest {

    @Inject
    ShopResource shop;

    @Inject
    TestFlags flags;

    @Inject
    RecordedSegment segment;

    @Test
    @FlagOverride(key = "newSearch", value = "true")
    void smartSearchWhenNewSearchIsOn() {
        assertThat(shop.search("shoes")).startsWith("Smart search for 'shoes'");
        assertThat(segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10))).singleElement()
                .asString().contains("\"feature_flag_key\":\"newSearch\"", "\"value\":true",
                        "\"userId\":\"ann@example.com\"");
    }

    @Test
    void classicSearchWhileNewSearchIsOff() {
        assertThat(shop.search("shoes")).startsWith("Classic search for 'shoes'");
    }

    @Test
    void theBannerTextComesFromTheOverride() {
        assertThat(shop.banner()).isEqualTo("Free shipping this week!");
        flags.set("bannerText", "Half price today");
        assertThat(shop.banner()).isEqualTo("Half price today");
    }
}
