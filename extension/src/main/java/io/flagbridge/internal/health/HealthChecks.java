package io.flagbridge.internal.health;

import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;

/**
 * Registers the readiness checks. Called only when the application sees the MicroProfile Health API: this class names
 * the checks, and they are loaded only from here.
 */
public final class HealthChecks {

    /** A class of the API, to look for with the application's class loader. */
    public static final String API = "org.eclipse.microprofile.health.HealthCheck";

    private HealthChecks() {
    }

    public static void addTo(BeforeBeanDiscovery discovery) {
        discovery.addAnnotatedType(ConfigCatReadiness.class, ConfigCatReadiness.class.getName());
        discovery.addAnnotatedType(SegmentReadiness.class, SegmentReadiness.class.getName());
    }
}
