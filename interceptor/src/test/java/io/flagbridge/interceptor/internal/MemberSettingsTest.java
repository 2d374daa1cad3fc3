package io.flagbridge.interceptor.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @FeatureFlag}'s members set in MicroProfile Config, as MicroProfile Fault Tolerance reads its annotations':
 * {@code <class>/<method>/FeatureFlag/<member>}, {@code <class>/FeatureFlag/<member>}, {@code FeatureFlag/<member>}.
 * Misuse fails the deployment with the annotation's coded messages (MP FT TCK style: the exact message).
 */
class MemberSettingsTest {

    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private <T> T start(Map<String, String> settings, Class<T> bean) {
        Map<String, String> config = new HashMap<>(FeatureFlagTest.FLAGS);
        config.putAll(settings);
        app = WeldApp.start(config, bean);
        return app.select(bean);
    }

    @ApplicationScoped
    public static class Shop {
        @FeatureFlag("on")
        public String checkout() {
            return "new checkout";
        }

        @FeatureFlag(value = "off", fallbackMethod = "legacySearch")
        public List<String> search(String query) {
            return List.of("new", query);
        }

        List<String> legacySearch(String query) {
            return List.of("legacy", query);
        }

        List<String> cachedSearch(String query) {
            return List.of("cached", query);
        }

        int cachedSearch(int page) {
            return page;
        }
    }

    @Test
    void aMethodsKeyFromConfigWinsOverItsAnnotation() {
        Shop shop = start(Map.of(Shop.class.getName() + "/checkout/FeatureFlag/value", "off"), Shop.class);
        assertThatThrownBy(shop::checkout).isInstanceOf(FeatureDisabledException.class)
                .hasMessage("feature flag 'off' is off");
    }

    @Test
    void aMethodsFallbackFromConfigWinsOverItsAnnotation() {
        Shop shop = start(Map.of(Shop.class.getName() + "/search/FeatureFlag/fallbackMethod", "cachedSearch"),
                Shop.class);
        assertThat(shop.search("shoes")).containsExactly("cached", "shoes");
    }

    @Test
    void theMostSpecificKeyWins() {
        Shop shop = start(Map.of("FeatureFlag/value", "off", Shop.class.getName() + "/search/FeatureFlag/value",
                "on"), Shop.class);
        assertThat(shop.search("shoes")).containsExactly("new", "shoes");
        assertThatThrownBy(shop::checkout).isInstanceOf(FeatureDisabledException.class) // the global key
                .hasMessage("feature flag 'off' is off");
    }

    @ApplicationScoped
    @FeatureFlag("off")
    public static class Beta {
        public String preview() {
            return "preview";
        }

        @FeatureFlag("on")
        public String stable() {
            return "stable";
        }
    }

    @Test
    void aClassLevelAnnotationReadsTheClassKeyAndAMethodLevelOneDoesNot() {
        Beta beta = start(Map.of(Beta.class.getName() + "/FeatureFlag/value", "aliceOnly"), Beta.class);
        assertThatThrownBy(beta::preview).isInstanceOf(FeatureDisabledException.class)
                .hasMessage("feature flag 'aliceOnly' is off");
        assertThat(beta.stable()).isEqualTo("stable");
    }

    @Test
    void aMethodKeyForAMethodGatedByItsClassIsIgnoredWithAWarning() {
        String key = Beta.class.getName() + "/preview/FeatureFlag/value";
        try (LogCapture log = LogCapture.of(FeatureFlagExtension.class.getName())) {
            Beta beta = start(Map.of(key, "on"), Beta.class);
            assertThatThrownBy(beta::preview).isInstanceOf(FeatureDisabledException.class)
                    .hasMessage("feature flag 'off' is off");
            assertThat(log.lines()).containsExactly("FLAGBRIDGE-0115: " + key + " is set but applies to no "
                    + "@FeatureFlag, so it is ignored (an annotation on a method reads "
                    + "<class>/<method>/FeatureFlag/<member>, one on a class <class>/FeatureFlag/<member>, with the "
                    + "class that declares it)");
        }
    }

    @ApplicationScoped
    public static class Unknown {
        @FeatureFlag("not-in-the-config")
        public String preview() {
            return "preview";
        }
    }

    @Test
    void theGlobalDefaultValueDecidesWhenTheFlagCannotBeEvaluated() {
        try (FakeConfigCatCdn cdn = FakeConfigCatCdn.start()) {
            cdn.serve(FlagKeysTest.SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
            app = WeldApp.start(Map.of("configcat.sdk-key", FlagKeysTest.SDK_KEY, "configcat.base-url",
                    cdn.baseUrl(), "FeatureFlag/defaultValue", "TRUE"), Unknown.class);
            assertThat(app.select(Unknown.class).preview()).isEqualTo("preview");
            app.close();
            app = null;
        }
    }

    @Test
    void aFallbackFromConfigThatDoesNotExistFailsTheDeployment() {
        String key = Shop.class.getName() + "/search/FeatureFlag/fallbackMethod";
        MisuseTest.assertDeploymentFails(Map.of(key, "oldSearch"), Shop.class, "FLAGBRIDGE-0102: @FeatureFlag on "
                + Shop.class.getName() + ".search(String) with " + key + "=oldSearch names fallback method "
                + "'oldSearch', which does not exist in " + Shop.class.getName() + "; expected a method "
                + "oldSearch(String)");
    }

    @Test
    void aGlobalFallbackThatDoesNotFitFailsTheDeploymentForEachMethod() {
        MisuseTest.assertDeploymentFails(Map.of("FeatureFlag/fallbackMethod", "cachedSearch"), Shop.class,
                "FLAGBRIDGE-0103: @FeatureFlag on " + Shop.class.getName() + ".checkout() with "
                        + "FeatureFlag/fallbackMethod=cachedSearch names fallback method 'cachedSearch', which has "
                        + "other parameter types: cachedSearch(String), cachedSearch(int); expected cachedSearch()");
    }

    @Test
    void anInvalidDefaultValueFailsTheDeployment() {
        String key = Shop.class.getName() + "/checkout/FeatureFlag/defaultValue";
        MisuseTest.assertDeploymentFails(Map.of(key, "maybe"), Shop.class, "FLAGBRIDGE-0113: " + key
                + "='maybe' is invalid; expected true or false");
    }

    @Test
    void aMemberThatFeatureFlagDoesNotHaveFailsTheDeployment() {
        String key = Shop.class.getName() + "/search/FeatureFlag/fallback";
        MisuseTest.assertDeploymentFails(Map.of(key, "legacySearch"), Shop.class, "FLAGBRIDGE-0114: " + key
                + " names no member of @FeatureFlag; expected value, fallbackMethod or defaultValue after "
                + "FeatureFlag/");
    }

    @Test
    void theFlagKeyCheckAppliesToTheKeyFromConfig() {
        String key = Shop.class.getName() + "/checkout/FeatureFlag/value";
        MisuseTest.assertDeploymentFails(Map.of(key, "onn"), Shop.class, "FLAGBRIDGE-0018: @FeatureFlag on "
                + Shop.class.getName() + ".checkout() with " + key + "=onn names flag 'onn', which the local flags "
                + "(configcat.overrides.resource=flags/targeted.json) do not have; did you mean 'on'?");
    }

    @Test
    void theFlagTypeCheckAppliesToTheKeyFromConfig() {
        String key = Shop.class.getName() + "/checkout/FeatureFlag/value";
        MisuseTest.assertDeploymentFails(Map.of(key, "text"), Shop.class, "FLAGBRIDGE-0019: @FeatureFlag on "
                + Shop.class.getName() + ".checkout() with " + key + "=text names flag 'text', which is a text flag "
                + "in the local flags (configcat.overrides.resource=flags/targeted.json); @FeatureFlag needs a boolean flag");
    }
}
