package io.flagbridge.test;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

@FlagBridgeTest(beans = Gated.class)
@FlagOverride(key = "beta", value = "true")
@FlagOverride(key = "greeting", value = "from the class")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassAndMethodOverridesTest {

    @Inject
    Gated gated;

    @Inject
    TestFlags flags;

    @Test
    @Order(1)
    void theClassOverridesApplyToEveryTest() {
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.greeting("alice")).isEqualTo("from the class");
        assertThat(gated.limit()).isEqualTo(10);
    }

    @Test
    @Order(2)
    @FlagOverride(key = "greeting", value = "from the method")
    @FlagOverride(key = "limit", value = "3")
    void aMethodsOverrideOfAKeyWins() {
        assertThat(gated.greeting("alice")).isEqualTo("from the method");
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.limit()).isEqualTo(3);
        flags.set("ratio", 9.5);
    }

    @Test
    @Order(3)
    void whatATestSetIsClearedAfterIt() {
        assertThat(gated.greeting("alice")).isEqualTo("from the class");
        assertThat(gated.limit()).isEqualTo(10);
        assertThat(gated.ratio()).isEqualTo(0.5);
    }
}
