package io.flagbridge.internal.inventory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUsage;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flag inventory of an application on Weld SE, with telemetry on (the no-op global OpenTelemetry: FlagBridge counts
 * as it reports) and off (FlagBridge counts on its own): the same counts either way.
 */
class InventoryTest {

    static final User ANN = User.newBuilder().email("ann@example.com").build("ann");

    WeldApp app;

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        String plan() {
            return client.getValue(String.class, "plan", ANN, "");
        }

        boolean checkout() {
            return client.getValue(Boolean.class, "checkout", ANN, false);
        }

        boolean unknown(String key) {
            return client.getValue(Boolean.class, key, ANN, false);
        }
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    Shop start(String telemetry) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/experiments.json",
                "configcat.overrides.behaviour", "local-only", "flagbridge.telemetry.enabled", telemetry));
        app = WeldApp.start(config, Shop.class);
        return app.select(Shop.class);
    }

    @ParameterizedTest(name = "telemetry enabled: {0}")
    @ValueSource(strings = { "true", "false" })
    void everyFlagOfTheConfigEveryKeyEvaluatedHowOftenAndWhenLast(String telemetry) {
        Shop shop = start(telemetry);
        FlagInventory inventory = app.select(FlagInventory.class);
        Instant start = Instant.now();
        // FlagBridge keeps evaluation times to the millisecond; Instant.now() has microseconds here
        Instant before = start.truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            shop.plan();
        }
        shop.checkout();
        shop.unknown("nope");
        shop.unknown("nope");
        List<FlagUsage> flags = inventory.flags();
        Instant after = Instant.now();

        assertThat(flags).extracting(FlagUsage::key).containsExactly("banner", "beta", "checkout", "nope", "plan");
        assertThat(flags).extracting(FlagUsage::inConfig).containsExactly(true, true, true, false, true);
        assertThat(flags).extracting(FlagUsage::evaluations).containsExactly(0L, 0L, 1L, 2L, 3L);
        assertThat(flags).extracting(FlagUsage::state).containsExactly(FlagUsage.State.NEVER_EVALUATED,
                FlagUsage.State.NEVER_EVALUATED, FlagUsage.State.EVALUATED, FlagUsage.State.MISSING,
                FlagUsage.State.EVALUATED);
        assertThat(flags).allSatisfy(flag -> assertThat(flag.declaredAt()).isEmpty());
        assertThat(flags.get(0).lastEvaluated()).isNull();
        assertThat(flags.get(1).lastEvaluated()).isNull();
        for (FlagUsage evaluated : List.of(flags.get(2), flags.get(3), flags.get(4))) {
            assertThat(evaluated.lastEvaluated()).as(evaluated.key()).isBetween(before, after);
        }
        assertThat(inventory.since()).isBeforeOrEqualTo(start); // kept as the clock gives it
    }

    @ParameterizedTest(name = "telemetry enabled: {0}")
    @ValueSource(strings = { "true", "false" })
    void theFirstHundredMissingKeysByNameTheRestTogether(String telemetry) {
        Shop shop = start(telemetry);
        for (int i = 0; i < 150; i++) {
            shop.unknown(String.format("missing-%03d", i));
        }
        shop.unknown("missing-007"); // a named one again
        shop.unknown("missing-140"); // one of the rest again
        List<FlagUsage> missing = app.select(FlagInventory.class).flags().stream()
                .filter(flag -> flag.state() == FlagUsage.State.MISSING).toList();

        assertThat(missing).hasSize(101);
        assertThat(missing).filteredOn(flag -> flag.key().equals("missing-007")).singleElement()
                .extracting(FlagUsage::evaluations).isEqualTo(2L);
        assertThat(missing).filteredOn(flag -> flag.key().equals(FlagInventory.MORE_MISSING_KEYS)).singleElement()
                .extracting(FlagUsage::evaluations).isEqualTo(51L);
        assertThat(missing.stream().mapToLong(FlagUsage::evaluations).sum()).isEqualTo(152);
    }
}
