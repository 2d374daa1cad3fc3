package io.flagbridge.interceptor;

/**
 * Thrown by a {@link FeatureFlag} method without a fallback when its flag is off. In a JAX-RS application FlagBridge
 * maps it to {@code 404 Not Found} (a feature that is off is a resource that does not exist); an application's own
 * {@code ExceptionMapper<FeatureDisabledException>} takes precedence.
 */
public class FeatureDisabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The key of the flag that is off (part of the serialized form). */
    private final String flagKey;

    /**
     * @param flagKey the key of the flag that is off
     */
    public FeatureDisabledException(String flagKey) {
        super("feature flag '" + flagKey + "' is off");
        this.flagKey = flagKey;
    }

    /**
     * @return the key of the flag that is off
     */
    public String flagKey() {
        return flagKey;
    }
}
