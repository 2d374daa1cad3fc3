package io.flagbridge.internal.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

import io.flagbridge.FlagEvaluated;

/**
 * Remembers which exposures (user, flag, value, variation) were seen in the current dedupe window, in a fixed table
 * of 64-bit fingerprints: memory stays at 512 KB however many users there are. When more distinct exposures are alive
 * in one window than the table holds, older ones are forgotten and sent again; the deterministic message IDs make
 * Segment collapse those.
 */
public final class ExposureFilter {

    private static final int SLOTS = 1 << 16;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long windowMillis;
    private final AtomicLongArray table;

    public ExposureFilter(Duration window) {
        this.windowMillis = window.toMillis();
        this.table = windowMillis == 0 ? null : new AtomicLongArray(SLOTS);
    }

    /** The window an instant falls in: the same for every replica, so message IDs derived from it agree. */
    public long bucket(long epochMillis) {
        return windowMillis == 0 ? epochMillis : Math.floorDiv(epochMillis, windowMillis);
    }

    /** True when this exposure was not seen yet in its window (and remembers it). */
    public boolean firstInWindow(FlagEvaluated event) {
        if (table == null) {
            return true;
        }
        long fingerprint = fingerprint(event);
        long entry = mix(fingerprint ^ (bucket(event.timestamp().toEpochMilli()) * 0x9e3779b97f4a7c15L));
        int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & (SLOTS - 1);
        if (table.get(slot) == entry) {
            return false;
        }
        table.set(slot, entry);
        return true;
    }

    static long fingerprint(FlagEvaluated event) {
        long hash = FNV_OFFSET;
        hash = add(hash, event.user() == null ? "" : event.user().getIdentifier());
        hash = add(hash, event.key());
        hash = add(hash, String.valueOf(event.value()));
        return add(hash, event.variationId() == null ? "" : event.variationId());
    }

    private static long add(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return (hash ^ 0x1f) * FNV_PRIME; // a separator, so that ("ab", "c") and ("a", "bc") differ
    }

    private static long mix(long value) {
        value = (value ^ (value >>> 33)) * 0xff51afd7ed558ccdL;
        value = (value ^ (value >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (value ^ (value >>> 33)) | 1L; // never 0, the empty slot
    }
}
