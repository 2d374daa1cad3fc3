package io.flagbridge.internal.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret from the configuration (SDK key, write key, signing key, hash key). Its {@link #toString()} shows it the
 * only way FlagBridge ever shows a secret, by its last four characters, so that a record holding one cannot leak it;
 * {@link #reveal()} is called only where the secret is used.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException when the value is null or blank */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The secret itself, for the one place that uses it. */
    public String reveal() {
        return value;
    }

    /** The text with every occurrence of this secret replaced by its masked form. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, mask(value));
    }

    /** {@code ****wxyz} for a secret of more than 8 characters, {@code ****} for a shorter one. */
    public static String mask(String secret) {
        if (secret == null) {
            return "null";
        }
        // A short secret would be given away by its last four characters.
        return secret.length() > 8 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return mask(value);
    }
}
