package io.flagbridge.it.quarkus.misuse;

import jakarta.enterprise.context.ApplicationScoped;

import io.flagbridge.interceptor.FeatureFlag;

/**
 * Beans that misuse {@code @FeatureFlag} (and one that does not), each for an application of its own (the
 * {@code *OnQuarkusTest} here); the
 * {@code @QuarkusTest} application leaves this package out ({@code quarkus.arc.exclude-types}).
 */
public final class Misused {

    private Misused() {
    }

    @ApplicationScoped
    public static class BlankKey {
        @FeatureFlag(" ")
        public String checkout() {
            return "";
        }
    }

    @ApplicationScoped
    public static class MissingFallback {
        @FeatureFlag(value = "enabledFeature", fallbackMethod = "legacySearch")
        public String search(String query) {
            return "";
        }
    }

    /** Nothing wrong with it: for a misconfigured application. */
    @ApplicationScoped
    public static class Gated {
        @FeatureFlag("enabledFeature")
        public String checkout() {
            return "";
        }
    }
}
