package io.flagbridge.interceptor.internal;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUsage;
import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The inventory knows where the code names each key: every {@code @FeatureFlag} method, found at deployment. */
class FlagInventoryTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-inventory01/0123456789abcdefghijkl";

    FakeConfigCatCdn cdn;
    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (cdn != null) {
            cdn.close();
        }
    }

    @ApplicationScoped
    public static class Shop {
        @FeatureFlag("checkout")
        public String checkout() {
            return "checkout";
        }

        @FeatureFlag("checkout")
        public String pay() {
            return "pay";
        }

        @FeatureFlag("sunset")
        public String sunset() {
            return "sunset";
        }
    }

    @Test
    void everyFeatureFlagMethodIsWhereItsKeyIsDeclared() {
        cdn = FakeConfigCatCdn.start();
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-checkout")
                .boolFlag("legacyBanner", false, "v-legacy").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), Shop.class);
        app.select(ConfigCatClient.class).forceRefresh();
        Shop shop = app.select(Shop.class);
        assertThat(shop.checkout()).isEqualTo("checkout");
        assertThatThrownBy(shop::sunset).isInstanceOf(FeatureDisabledException.class);

        String shopClass = Shop.class.getName();
        List<FlagUsage> flags = app.select(FlagInventory.class).flags();
        assertThat(flags).extracting(FlagUsage::key, FlagUsage::declaredAt, FlagUsage::evaluations,
                FlagUsage::state).containsExactly(
                        tuple("checkout", List.of("@FeatureFlag on " + shopClass
                                + ".checkout()", "@FeatureFlag on " + shopClass + ".pay()"), 1L,
                                FlagUsage.State.EVALUATED),
                        tuple("legacyBanner", List.of(), 0L,
                                FlagUsage.State.NEVER_EVALUATED),
                        tuple("sunset", List.of("@FeatureFlag on " + shopClass
                                + ".sunset()"), 1L, FlagUsage.State.MISSING));
    }
}
