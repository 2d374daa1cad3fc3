package io.flagbridge.it.quarkus;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.flagbridge.it.gated.ShopResource;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misspelt {@code @FeatureFlag} key under {@code local-only} flags fails the start of the application (Quarkus reads
 * the flags at run time), with the same coded message as every other runtime's deployment.
 */
class StartFailureOnQuarkusIT {

    private final QuarkusRuns quarkus = new QuarkusRuns();

    @Test
    void aKeyTheLocalFlagsDoNotHaveFailsTheStart() {
        // flags/misspelt.json has the shop's keys, but 'banners' where the shop's code says 'banner'.
        assertThatThrownBy(() -> quarkus.start("misspelt-shop", Map.of("configcat.overrides.resource",
                "flags/misspelt.json", "configcat.overrides.behaviour", "local-only")))
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains("FLAGBRIDGE-0018: @FeatureFlag on "
                        + ShopResource.class.getName() + ".banner() names flag 'banner', which the local flags "
                        + "(configcat.overrides.resource=flags/misspelt.json) do not have; did you mean 'banners'?")
                        .doesNotContain(".checkout()"));
    }
}
