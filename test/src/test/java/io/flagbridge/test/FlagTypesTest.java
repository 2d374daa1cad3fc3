package io.flagbridge.test;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.interceptor.FeatureDisabledException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@FlagBridgeTest(beans = { Gated.class, Evaluations.class })
class FlagTypesTest {

    @Inject
    Gated gated;

    @Inject
    TestFlags flags;

    @Inject
    Evaluations evaluations;

    @Inject
    ConfigCatClient client;

    @Test
    void withoutOverridesTheFlagFileServes() {
        assertThatThrownBy(gated::beta).isInstanceOf(FeatureDisabledException.class);
        assertThat(gated.greeting("alice")).isEqualTo("hello");
        assertThat(gated.limit()).isEqualTo(10);
        assertThat(gated.ratio()).isEqualTo(0.5);
    }

    @Test
    @FlagOverride(key = "beta", value = "true")
    @FlagOverride(key = "greeting", value = "hi there")
    @FlagOverride(key = "limit", value = "42")
    @FlagOverride(key = "ratio", value = "0.75")
    void annotationValuesAreReadAsTheFlagsTypes() {
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.betaFor("alice")).isTrue();
        assertThat(gated.greeting("alice")).isEqualTo("hi there");
        assertThat(gated.limit()).isEqualTo(42);
        assertThat(gated.ratio()).isEqualTo(0.75);
    }

    /** The test's request fixed the first value (one value per request); an override set later is seen all the same. */
    @Test
    void anOverrideSetAfterAnEvaluationIsSeenByTheRestOfTheTest() {
        assertThatThrownBy(gated::beta).isInstanceOf(FeatureDisabledException.class);
        flags.set("beta", true);
        assertThat(gated.beta()).isEqualTo("beta ran");
        flags.clear("beta");
        assertThatThrownBy(gated::beta).isInstanceOf(FeatureDisabledException.class);
    }

    @Test
    void javaValuesOfEachType() {
        flags.set("beta", true);
        flags.set("greeting", "hey");
        flags.set("limit", 7L);
        flags.set("ratio", 0.25f);
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.greeting("bob")).isEqualTo("hey");
        assertThat(gated.limit()).isEqualTo(7);
        assertThat(gated.ratio()).isEqualTo(0.25);
        flags.set("ratio", 2);
        assertThat(gated.ratio()).isEqualTo(2.0);
    }

    @Test
    void textIsReadAsTheFlagsType() {
        flags.set("beta", "TRUE");
        flags.set("limit", " 12 ");
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.limit()).isEqualTo(12);
    }

    @Test
    void aKeyNoSourceKnowsIsServedByTheFormOfItsText() {
        flags.set("brand-new", "true");
        flags.set("brand-new-text", "hello world");
        assertThat(client.getValue(Boolean.class, "brand-new", false)).isTrue();
        assertThat(client.getValue(String.class, "brand-new-text", "")).isEqualTo("hello world");
    }

    @Test
    void evaluationsOfOverridesFireFlagEvaluatedWithAnOverrideVariation() {
        evaluations.clear();
        flags.set("greeting", "hi");
        gated.greeting("alice");
        List<FlagEvaluated> seen = evaluations.seen();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).key()).isEqualTo("greeting");
        assertThat(seen.get(0).value()).isEqualTo("hi");
        assertThat(seen.get(0).defaultValue()).isFalse();
        assertThat(seen.get(0).variationId()).startsWith("flagbridge-override-");
    }

    @Test
    void clearGivesTheConfiguredValueBack() {
        flags.set("greeting", "hi");
        flags.set("limit", 1);
        flags.clear("greeting");
        assertThat(gated.greeting("alice")).isEqualTo("hello");
        assertThat(gated.limit()).isEqualTo(1);
        flags.clearAll();
        assertThat(gated.limit()).isEqualTo(10);
    }

    @Test
    void wrongTypedValuesAreRefusedWithTheirCode() {
        assertThatThrownBy(() -> flags.set("beta", "maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FLAGBRIDGE-0202: TestFlags.set gives boolean flag 'beta' the value \"maybe\", which is "
                        + "not a boolean; expected true or false");
        assertThatThrownBy(() -> flags.set("limit", "1.5")).hasMessage("FLAGBRIDGE-0202: TestFlags.set gives whole "
                + "number flag 'limit' the value \"1.5\", which is not a whole number; expected a whole number from "
                + "-2147483648 to 2147483647");
        assertThatThrownBy(() -> flags.set("ratio", "half")).hasMessage("FLAGBRIDGE-0202: TestFlags.set gives "
                + "decimal number flag 'ratio' the value \"half\", which is not a decimal number; expected a decimal "
                + "number such as 0.25");
        assertThatThrownBy(() -> flags.set("beta", 1)).hasMessage("FLAGBRIDGE-0202: TestFlags.set gives boolean "
                + "flag 'beta' the value 1 (Integer), which is not a boolean; expected true or false");
        assertThatThrownBy(() -> flags.set("limit", 3_000_000_000L)).hasMessage("FLAGBRIDGE-0201: TestFlags.set "
                + "gives flag 'limit' a value of type java.lang.Long; expected a Boolean, String, Integer or Double "
                + "(ConfigCat's flag types), or text to read as the flag's type");
        assertThatThrownBy(() -> flags.set("greeting", List.of("a"))).hasMessageStartingWith("FLAGBRIDGE-0201: ");
        assertThatThrownBy(() -> flags.set("greeting", null)).hasMessageStartingWith("FLAGBRIDGE-0201: ");
        assertThatThrownBy(() -> flags.set(" ", true)).hasMessage("FLAGBRIDGE-0200: TestFlags.set has a blank flag "
                + "key; expected the key of a ConfigCat flag");
        assertThat(gated.greeting("alice")).isEqualTo("hello");
    }
}
