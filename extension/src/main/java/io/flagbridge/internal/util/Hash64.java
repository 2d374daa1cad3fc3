package io.flagbridge.internal.util;

/** A fast 64-bit hash of text, for fingerprints that are compared, never for anything an attacker may choose. */
public final class Hash64 {

    private static final long M1 = 0x9e3779b97f4a7c15L;
    private static final long M2 = 0xc2b2ae3d27d4eb4fL;
    private static final long M3 = 0x165667b19e3779f9L;
    private static final long M4 = 0xd6e8feb86659fd93L;

    private Hash64() {
    }

    /**
     * The text hashed in four independent multiply-xor lanes, so the CPU runs them side by side (a single lane is one
     * 64-bit multiply per character, one after the other).
     */
    public static long of(CharSequence text) {
        int length = text.length();
        long a = M1;
        long b = M2;
        long c = M3;
        long d = M4;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            a = (a ^ text.charAt(i)) * M2;
            b = (b ^ text.charAt(i + 1)) * M3;
            c = (c ^ text.charAt(i + 2)) * M4;
            d = (d ^ text.charAt(i + 3)) * M1;
        }
        for (; i < length; i++) {
            a = (a ^ text.charAt(i)) * M3;
        }
        return scramble(a + Long.rotateLeft(b, 16) + Long.rotateLeft(c, 32) + Long.rotateLeft(d, 48) + length);
    }

    /** MurmurHash3's 64-bit finaliser. */
    public static long scramble(long value) {
        value = (value ^ (value >>> 33)) * 0xff51afd7ed558ccdL;
        value = (value ^ (value >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return value ^ (value >>> 33);
    }
}
