package io.flagbridge.demo;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.RequestHeader;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's inventory resource: every flag of demo-flags.json, where the code names it, what was evaluated. */
@FlagBridgeTest(beans = { ShopResource.class, DemoUser.class, InventoryResource.class })
@RequestHeader(name = "X-User", value = "ann@example.com")
class InventoryResourceTest {

    @Inject
    ShopResource shop;

    @Inject
    InventoryResource inventory;

    JsonObject flag(JsonObject answer, String key) {
        for (JsonElement flag : answer.getAsJsonArray("flags")) {
            if (flag.getAsJsonObject().get("key").getAsString().equals(key)) {
                return flag.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + key + " in " + answer);
    }

    @Test
    void theBannerWasEvaluatedDarkModeNeverAndTheCheckoutIsDeclaredByItsMethod() {
        shop.banner();
        shop.banner();
        JsonObject answer = JsonParser.parseString(inventory.inventory()).getAsJsonObject();

        assertThat(answer.get("since").getAsString()).isNotBlank();
        JsonObject banner = flag(answer, "bannerText");
        assertThat(banner.get("state").getAsString()).isEqualTo("evaluated");
        assertThat(banner.get("evaluations").getAsLong()).isEqualTo(2);
        assertThat(banner.get("lastEvaluated").getAsString()).isNotBlank();
        JsonObject darkMode = flag(answer, "darkMode");
        assertThat(darkMode.get("state").getAsString()).isEqualTo("never_evaluated");
        assertThat(darkMode.get("lastEvaluated").isJsonNull()).isTrue();
        assertThat(flag(answer, "newCheckout").getAsJsonArray("declaredAt").get(0).getAsString())
                .isEqualTo("@FeatureFlag on io.flagbridge.demo.ShopResource.checkout()");
    }
}
