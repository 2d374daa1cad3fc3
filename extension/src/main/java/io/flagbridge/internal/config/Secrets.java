package io.flagbridge.internal.config;

/**
 * Shows secrets (SDK key, write key, signing keys) the only way FlagBridge ever shows them: by their last four
 * characters.
 */
public final class Secrets {

    private Secrets() {
    }

    /** {@code ****wxyz} for a secret of more than 8 characters, {@code ****} for a shorter one. */
    public static String mask(String secret) {
        if (secret == null) {
            return "null";
        }
        // A short secret would be given away by its last four characters.
        return secret.length() > 8 ? "****" + secret.substring(secret.length() - 4) : "****";
    }

    /** The text with every occurrence of the secret replaced by its masked form. */
    public static String redact(String text, String secret) {
        if (text == null || secret == null || secret.isEmpty()) {
            return text;
        }
        return text.replace(secret, mask(secret));
    }
}
