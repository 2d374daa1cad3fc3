package io.flagbridge.internal.events;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.configcat.User;

import static org.assertj.core.api.Assertions.assertThat;

class ExposureFilterTest {

    static final long T0 = 1_700_000_000_000L;
    static final Duration HOUR = Duration.ofHours(1);

    static User user(String id) {
        return User.newBuilder().email(id + "@example.com").build(id);
    }

    @Test
    void theSameExposureIsFirstOncePerWindow() {
        ExposureFilter filter = new ExposureFilter(new DedupeWindow(HOUR));
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0)).isTrue();
        // A new User object with the same identifier is the same exposure; the other attributes do not count.
        assertThat(filter.firstInWindow(User.newBuilder().build("ann"), "flag", true, "v1", T0 + 1_000)).isFalse();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0 + HOUR.toMillis())).isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0 + HOUR.toMillis() + 5)).isFalse();
    }

    @Test
    void eachPartOfTheExposureMakesItNew() {
        ExposureFilter filter = new ExposureFilter(new DedupeWindow(HOUR));
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0)).isTrue();
        assertThat(filter.firstInWindow(user("bob"), "flag", true, "v1", T0)).as("user").isTrue();
        assertThat(filter.firstInWindow(user("ann"), "other", true, "v1", T0)).as("flag").isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", false, "v1", T0)).as("value").isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v2", T0)).as("variation").isTrue();
        assertThat(filter.firstInWindow(null, "flag", true, "v1", T0)).as("no user").isTrue();
        assertThat(filter.firstInWindow(null, "flag", true, "v1", T0)).as("no user, again").isFalse();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, null, T0)).as("no variation").isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", null, "v1", T0)).as("no value").isTrue();
    }

    @Test
    void theCurrentWindowMovesOnlyForwardWhenAdvanced() {
        DedupeWindow window = new DedupeWindow(HOUR);
        ExposureFilter filter = new ExposureFilter(window);
        long now = System.currentTimeMillis();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1")).isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1")).isFalse();
        long next = window.tick(now);
        assertThat(next).isEqualTo((window.bucket(now) + 1) * HOUR.toMillis());
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1")).as("same window").isFalse();
        assertThat(window.tick(next)).isEqualTo(next + HOUR.toMillis());
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1")).as("next window").isTrue();
        window.tick(now); // a clock that steps back does not reopen the old window
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1")).isFalse();
        assertThat(new DedupeWindow(Duration.ZERO).tick(now)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aZeroWindowLetsEveryEvaluationThrough() {
        DedupeWindow window = new DedupeWindow(Duration.ZERO);
        ExposureFilter filter = new ExposureFilter(window);
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0)).isTrue();
        assertThat(filter.firstInWindow(user("ann"), "flag", true, "v1", T0)).isTrue();
        assertThat(window.bucket(T0)).isEqualTo(T0);
    }

    @Test
    void bucketsAreWholeWindowsSinceTheEpoch() {
        DedupeWindow window = new DedupeWindow(HOUR);
        assertThat(window.bucket(0)).isZero();
        assertThat(window.bucket(HOUR.toMillis() - 1)).isZero();
        assertThat(window.bucket(HOUR.toMillis())).isEqualTo(1);
    }

    @Test
    void identifiersThatJavasStringHashConfusesGetDifferentFingerprints() {
        // "Aa" and "BB" share String.hashCode(), and so do all 2^10 ten-pair combinations of them.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        Set<Long> fingerprints = new HashSet<>();
        for (int bits = 0; bits < 1 << 10; bits++) {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                id.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            fingerprints.add(ExposureFilter.fingerprint(id.toString(), "flag", true, "v1"));
        }
        assertThat(fingerprints).hasSize(1 << 10);
    }

    @Test
    void aMillionDistinctIdentifiersShareNoFingerprint() {
        // Fingerprints are 64 bits: a collision among 10^6 would be a broken hash (odds about 3 in 10^8).
        Set<Long> fingerprints = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            fingerprints.add(ExposureFilter.fingerprint("user-" + i, "flag", true, "v1"));
        }
        assertThat(fingerprints).hasSize(1_000_000);
    }

    @Test
    void oneUsersFlagsValuesAndVariationsShareNoFingerprintAndSpreadOverTheSlots() {
        Set<Long> fingerprints = new HashSet<>();
        Set<Long> slots = new HashSet<>();
        for (int flag = 0; flag < 10_000; flag++) {
            for (boolean value : new boolean[] { true, false }) {
                long fingerprint = ExposureFilter.fingerprint("user-1", "flag-" + flag, value,
                        "v-" + flag + "-" + value);
                fingerprints.add(fingerprint);
                slots.add((fingerprint ^ (fingerprint >>> 32)) & 0xffff);
            }
        }
        assertThat(fingerprints).hasSize(20_000);
        // 20,000 exposures thrown into 65,536 slots at random fill about 17,300 of them.
        assertThat(slots).hasSizeGreaterThan(16_500);
    }

    @Test
    void identifiersOfEveryLengthUpToALaneBoundaryDiffer() {
        Set<Long> fingerprints = new HashSet<>();
        fingerprints.add(ExposureFilter.identifier(""));
        for (int length = 1; length <= 9; length++) {
            fingerprints.add(ExposureFilter.identifier("a".repeat(length)));
            fingerprints.add(ExposureFilter.identifier("\0".repeat(length)));
        }
        assertThat(fingerprints).hasSize(19);
    }
}
