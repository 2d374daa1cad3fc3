package io.flagbridge.it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.testing.ConfigJson;

import static io.flagbridge.it.support.TestApps.GATED;
import static io.flagbridge.it.support.TestApps.GATED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** A JAX-RS resource gated by {@code @FeatureFlag}: written once, run on Weld SE, WildFly and Open Liberty. */
public interface FeatureFlagScenarios {

    /** Where the scenarios run. */
    AppServer server();

    /**
     * What FlagBridge's {@code io.flagbridge.interceptor.internal.FeatureDisabledExceptionMapper} answers for a gated
     * method whose flag is off.
     */
    Answer FEATURE_OFF = Answer.text(404, "Not Found");

    static String flags(boolean banner) {
        return ConfigJson.forCdn(SharedCdn.CDN.baseUrl())
                .boolFlag("newCheckout", true, "v-checkout-on")
                .boolFlag("newSearch", false, "v-search-off")
                .boolFlag("banner", banner, banner ? "v-banner-on" : "v-banner-off")
                .boolFlag("beta", false, "v-beta-off", new ConfigJson.Rule("Identifier",
                        ConfigJson.TextComparator.IS_ONE_OF, List.of("alice"), Boolean.TRUE, "v-beta-alice"))
                .build();
    }

    /** One deployment for the class; each test starts from the same flags, fetched anew. */
    @BeforeEach
    default void deploy() {
        SharedCdn.CDN.serve(GATED_KEY, flags(false));
        server().deployForClass(GATED);
        assertThat(server().call(GATED, "refresh", Map.of())).isEqualTo("ok");
    }

    @Test
    default void aFlagThatIsOnRunsTheMethod() {
        assertThat(server().get(GATED, "api/shop/checkout")).isEqualTo(Answer.text(200, "new checkout"));
    }

    @Test
    default void aFlagThatIsOffRunsTheFallbackWithTheSameArguments() {
        assertThat(server().get(GATED, "api/shop/search?q=shoes"))
                .isEqualTo(Answer.text(200, "legacy search for shoes"));
    }

    @Test
    default void aFlagThatIsOffWithoutFallbackIsNotFound() {
        assertThat(server().get(GATED, "api/shop/banner")).as("FlagBridge's mapper").isEqualTo(FEATURE_OFF);

        // A 404 alone proves nothing: a path that no resource method has is one too, but not the mapper's.
        Answer unknown = server().get(GATED, "api/shop/no-such-method");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown).as("the runtime's own 404").isNotEqualTo(FEATURE_OFF);
    }

    @Test
    default void theFlagUserParameterDecidesForTargetedFlags() {
        assertThat(server().get(GATED, "api/shop/beta?user=alice")).isEqualTo(Answer.text(200, "beta for alice"));
        assertThat(server().get(GATED, "api/shop/beta?user=bob")).isEqualTo(FEATURE_OFF);
        assertThat(server().get(GATED, "api/shop/beta")).as("no user").isEqualTo(FEATURE_OFF);
    }

    @Test
    default void theGateFollowsANewConfigOnceTheClientRefreshes() {
        assertThat(server().get(GATED, "api/shop/banner")).isEqualTo(FEATURE_OFF);

        SharedCdn.CDN.serve(GATED_KEY, flags(true));
        assertThat(server().call(GATED, "refresh", Map.of())).isEqualTo("ok");

        assertThat(server().get(GATED, "api/shop/banner")).isEqualTo(Answer.text(200, "banner"));
    }
}
