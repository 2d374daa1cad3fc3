package io.flagbridge.internal.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.configcat.EvaluationDetails;

import io.flagbridge.FlagInventory;
import io.flagbridge.internal.client.EvaluationError;
import io.flagbridge.internal.client.Reason;
import io.flagbridge.internal.util.ThreadCounts;

/**
 * FlagBridge's count of evaluations per flag, variation and reason, which the inventory and OpenTelemetry's
 * {@code flagbridge.evaluations} read. An evaluation costs a look-up in a small table of recent variations (the maps
 * only when it misses) and an add to the evaluating thread's own counts ({@link ThreadCounts}: no CAS). The keys are
 * those of the config, plus the first {@value FlagInventory#MISSING_KEYS_BY_NAME} keys evaluated that it lacks; the
 * rest share one entry, so that memory stays bounded whatever keys are asked for.
 */
public final class FlagCounts {

    /** The reasons of a variation, one slot each from its first. */
    static final int REASONS = Reason.values().length;
    private static final int RECENT = 256;

    /** One flag key's variations. */
    static final class Flag {
        final String key;
        final Map<String, Variation> variations = new ConcurrentHashMap<>();

        Flag(String key) {
            this.key = key;
        }
    }

    /** One flag's variation: the first of its slots, one per reason. Immutable, so a racy read sees a whole one. */
    public static final class Variation {
        final Flag flag;
        final String variationId;
        final int slot;

        Variation(Flag flag, String variationId, int slot) {
            this.flag = flag;
            this.variationId = variationId;
            this.slot = slot;
        }

        /** The flag key ({@link FlagInventory#MORE_MISSING_KEYS} for the keys beyond the first missing ones). */
        public String key() {
            return flag.key;
        }

        /** The variation ID; empty when there is none (an error). */
        public String variationId() {
            return variationId;
        }
    }

    /** One variation's counts by reason ({@link Reason#ordinal()}), as read at once. */
    public record Series(Variation variation, long[] byReason) {
    }

    private final ThreadCounts counts;
    private final Map<String, Flag> flags = new ConcurrentHashMap<>();
    private final Flag moreMissing = new Flag(FlagInventory.MORE_MISSING_KEYS);
    private final AtomicInteger missingByName = new AtomicInteger();
    /**
     * The variations seen last, by a hash of flag key and variation ID: an evaluation finds its variation here with
     * one array read and two string compares (usually the same objects: the caller's key, the config's variation ID)
     * instead of two map look-ups.
     */
    private final Variation[] recent = new Variation[RECENT];

    public FlagCounts(ThreadCounts counts) {
        this.counts = counts;
    }

    /**
     * Counts an evaluation, on the evaluating thread; never throws.
     *
     * @param reason why it served its value; null when nobody reads reasons (telemetry off): counted as one
     */
    public void count(ThreadCounts.Scratch scratch, EvaluationDetails<?> details, Reason reason) {
        String key = details.getKey();
        String variationId = details.getVariationId() == null ? "" : details.getVariationId();
        int index = (key.hashCode() * 31 + variationId.hashCode()) & (RECENT - 1);
        Variation variation = recent[index];
        if (variation == null || !same(variation.flag.key, key) || !same(variation.variationId, variationId)) {
            variation = variationOf(key, variationId, details.getError());
            if (variation.flag != moreMissing) {
                recent[index] = variation;
            }
        }
        scratch.increment(variation.slot + (reason == null ? 0 : reason.ordinal()));
    }

    private static boolean same(String a, String b) {
        return a == b || a.equals(b);
    }

    private Variation variationOf(String key, String variationId, String error) {
        Flag flag = flags.get(key);
        if (flag == null) {
            // Any text can be asked for: only the config's keys, and the first missing ones, get an entry.
            boolean missing = error != null && EvaluationError.of(error).notInConfig();
            if (missing && (missingByName.get() >= FlagInventory.MISSING_KEYS_BY_NAME
                    || missingByName.incrementAndGet() > FlagInventory.MISSING_KEYS_BY_NAME)) {
                flag = moreMissing;
            } else {
                flag = flags.computeIfAbsent(key, Flag::new);
            }
        }
        Flag owner = flag;
        Variation variation = owner.variations.get(variationId);
        return variation != null ? variation
                : owner.variations.computeIfAbsent(variationId,
                        v -> new Variation(owner, v, counts.reserve(REASONS)));
    }

    /** Every variation's counts, read at once (a collection, the inventory). */
    public List<Series> series() {
        long[] sums = counts.sums();
        List<Series> series = new ArrayList<>();
        for (Flag flag : flags.values()) {
            flag.variations.values().forEach(variation -> series.add(series(variation, sums)));
        }
        moreMissing.variations.values().forEach(variation -> series.add(series(variation, sums)));
        return series;
    }

    private static Series series(Variation variation, long[] sums) {
        long[] byReason = new long[REASONS];
        for (int i = 0; i < REASONS; i++) {
            int slot = variation.slot + i;
            byReason[i] = slot < sums.length ? sums[slot] : 0;
        }
        return new Series(variation, byReason);
    }
}
