package io.flagbridge.internal.events;

import java.util.concurrent.atomic.AtomicLongArray;

import com.configcat.User;

import io.flagbridge.internal.util.Hash64;
import io.flagbridge.internal.util.ThreadCounts;

/**
 * Remembers which exposures (user, flag, value, variation) were seen in the current dedupe window, in a fixed table
 * of 64-bit fingerprints: memory stays at 512 KB however many users there are. When more distinct exposures are alive
 * in one window than the table holds, older ones are forgotten and sent again; the deterministic message IDs make
 * Segment collapse those.
 * <p>
 * This runs on every evaluation, so the fingerprint is cheap: the user's identifier (a new string for each request)
 * is hashed to 64 bits in four independent lanes; the flag key, the variation ID and the value are the config's own
 * objects, whose cached {@code hashCode()}s are mixed in with one finaliser for the whole. Two different exposures share a
 * fingerprint with a
 * probability of about 2<sup>-64</sup> for the identifier part; then the second one is not sent in that window.
 */
public final class ExposureFilter {

    private static final int SLOTS = 1 << 16;
    private static final long M1 = 0x9e3779b97f4a7c15L;
    private static final long M2 = 0xc2b2ae3d27d4eb4fL;
    private static final long M3 = 0x165667b19e3779f9L;
    private static final long M4 = 0xd6e8feb86659fd93L; // the fingerprint of "no user"

    private final DedupeWindow window;
    private final AtomicLongArray table;

    public ExposureFilter(DedupeWindow window) {
        this.window = window;
        this.table = window.isZero() ? null : new AtomicLongArray(SLOTS);
    }

    /**
     * True when this exposure was not seen yet in the current window (and remembers it).
     *
     * @param scratch the evaluating thread's scratch ({@link ThreadCounts#scratch()}), where the user identifier's
     *        hash is remembered
     */
    public boolean firstInWindow(ThreadCounts.Scratch scratch, User user, String key, Object value,
            String variationId) {
        return table == null || firstInBucket(identifier(scratch, user), key, value, variationId, window.current());
    }

    /** True when this exposure was not seen yet in the current window (and remembers it). */
    public boolean firstInWindow(User user, String key, Object value, String variationId) {
        return table == null || firstInBucket(identifier(user), key, value, variationId, window.current());
    }

    /** True when this exposure was not seen yet in the window of {@code epochMillis} (and remembers it). */
    boolean firstInWindow(User user, String key, Object value, String variationId, long epochMillis) {
        return table == null || firstInBucket(identifier(user), key, value, variationId, window.bucket(epochMillis));
    }

    private static long identifier(ThreadCounts.Scratch scratch, User user) {
        String identifier = user == null ? null : user.getIdentifier();
        return identifier == null ? M4 : scratch.hash(identifier);
    }

    private static long identifier(User user) {
        String identifier = user == null ? null : user.getIdentifier();
        return identifier == null ? M4 : identifier(identifier);
    }

    private boolean firstInBucket(long identifier, String key, Object value, String variationId, long bucket) {
        long fingerprint = fingerprint(identifier, key, value, variationId);
        // The window's bucket is folded in by an odd multiple (distinct buckets, distinct entries); never 0, the
        // empty slot.
        long entry = (fingerprint ^ (bucket * M1)) | 1L;
        int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & (SLOTS - 1);
        // Plain (opaque) reads and writes: a race between two threads at worst sends one exposure twice.
        if (table.getOpaque(slot) == entry) {
            return false;
        }
        table.setOpaque(slot, entry);
        return true;
    }

    /** Forgets every exposure seen so far (a test kit, between tests). */
    public void forget() {
        if (table != null) {
            for (int slot = 0; slot < SLOTS; slot++) {
                table.setOpaque(slot, 0L);
            }
        }
    }

    static long fingerprint(String identifier, String key, Object value, String variationId) {
        return fingerprint(identifier == null ? M4 : identifier(identifier), key, value, variationId);
    }

    /**
     * The fingerprint of an exposure from the hash of its user's identifier ({@code M4} for no user): the parts
     * combined by odd multipliers, then one finaliser for the slot's bits.
     */
    private static long fingerprint(long identifier, String key, Object value, String variationId) {
        long hash = identifier * M1 + key.hashCode();
        hash = hash * M2 + (value == null ? 0 : value.hashCode());
        return Hash64.scramble(hash * M3 + (variationId == null ? 0 : variationId.hashCode()));
    }

    static long identifier(String text) {
        return Hash64.of(text);
    }
}
