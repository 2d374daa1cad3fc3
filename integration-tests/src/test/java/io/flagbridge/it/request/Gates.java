package io.flagbridge.it.request;

import jakarta.enterprise.context.ApplicationScoped;

import io.flagbridge.interceptor.FeatureFlag;

/** Gated methods whose user is the current user ({@link CallerUser}). */
@ApplicationScoped
public class Gates {

    @FeatureFlag(value = "checkout", fallbackMethod = "classic")
    public String checkout() {
        return "new";
    }

    String classic() {
        return "classic";
    }

    /** Its key is set in the application's configuration ({@code .../renamed/FeatureFlag/value=checkout}). */
    @FeatureFlag(value = "not-in-the-config", fallbackMethod = "classic")
    public String renamed() {
        return "new";
    }

    @FeatureFlag(value = "aliceOnly", fallbackMethod = "notForYou")
    public String beta() {
        return "beta";
    }

    String notForYou() {
        return "no beta";
    }
}
