package io.flagbridge.internal.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.configcat.EvaluationDetails;
import com.configcat.Setting;

import io.flagbridge.FlagUsage;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.util.ThreadCounts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a flag was last evaluated, without a clock read per evaluation: the event thread's sample once a minute, or a
 * read of the inventory, notes the keys whose counts grew since the sample before.
 */
class LastEvaluatedTest {

    static final Instant START = Instant.parse("2026-12-01T09:00:00Z");

    final ThreadCounts threadCounts = new ThreadCounts(8);
    final FlagCounts counts = new FlagCounts(threadCounts);
    final StaticFlags config = new StaticFlags();
    Instant now = START;
    final Inventory inventory = new Inventory(counts, config, new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    void evaluate(String key) {
        counts.count(threadCounts.scratch(), new EvaluationDetails<>(true, key, "v-" + key, null, false, null, 0L,
                null, null), null);
    }

    FlagUsage usage(String key) {
        return inventory.flags().stream().filter(flag -> flag.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void theSampleAfterTheLastEvaluationIsWhenItWasLastEvaluated() {
        config.remote(Map.of("checkout", new Setting(), "legacyBanner", new Setting()));
        inventory.declared(List.of(new FlagUse("checkout", FlagUse.Kind.GATE, "@FeatureFlag on Shop.checkout()"),
                new FlagUse("checkout", FlagUse.Kind.GATE, "@FeatureFlag on Shop.pay()"),
                new FlagUse("search", FlagUse.Kind.GATE, "@FeatureFlag on Shop.search()")));
        evaluate("checkout");
        long next = inventory.tick(START.plusSeconds(30).toEpochMilli());
        assertThat(next).isEqualTo(START.plusSeconds(90).toEpochMilli());

        now = START.plusSeconds(200);
        assertThat(usage("checkout").lastEvaluated()).as("sampled at 30 s, unchanged since")
                .isEqualTo(START.plusSeconds(30));
        evaluate("checkout");
        inventory.tick(START.plusSeconds(260).toEpochMilli());
        now = START.plusSeconds(3600);
        FlagUsage checkout = usage("checkout");
        assertThat(checkout.lastEvaluated()).isEqualTo(START.plusSeconds(260));
        assertThat(checkout.evaluations()).isEqualTo(2);
        assertThat(checkout.declaredAt()).containsExactly("@FeatureFlag on Shop.checkout()",
                "@FeatureFlag on Shop.pay()");

        assertThat(usage("legacyBanner")).isEqualTo(new FlagUsage("legacyBanner", true, List.of(), 0, null));
        assertThat(usage("search")).as("declared by the code, not in the config")
                .isEqualTo(new FlagUsage("search", false, List.of("@FeatureFlag on Shop.search()"), 0, null));
        assertThat(inventory.states()).containsExactly(Map.entry(FlagUsage.State.EVALUATED, 1L),
                Map.entry(FlagUsage.State.NEVER_EVALUATED, 1L), Map.entry(FlagUsage.State.MISSING, 1L));
        assertThat(inventory.since()).isEqualTo(START);
    }
}
