package io.flagbridge.internal.health;

import java.util.List;

import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.literal.SingletonLiteral;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.Readiness;

/**
 * Registers the readiness checks. Called only when the application sees the MicroProfile Health API: this class names
 * the checks, and they are loaded only from here.
 */
public final class HealthChecks {

    /** A class of the API, to look for with the application's class loader. */
    public static final String API = "org.eclipse.microprofile.health.HealthCheck";

    private HealthChecks() {
    }

    /** The checks, for a build compatible extension to name before it may load them. */
    public static final List<String> CHECKS = List.of("io.flagbridge.internal.health.ConfigCatReadiness",
            "io.flagbridge.internal.health.SegmentReadiness");

    /** Registers the checks with a portable extension, as {@code @Readiness @Singleton} beans. */
    public static void addTo(BeforeBeanDiscovery discovery) {
        for (Class<?> check : List.of(ConfigCatReadiness.class, SegmentReadiness.class)) {
            discovery.addAnnotatedType(check, check.getName()).add(Readiness.Literal.INSTANCE)
                    .add(SingletonLiteral.INSTANCE);
        }
    }

    /** Registers the checks with a build compatible extension; {@link #readinessBean} makes them beans. */
    public static void addTo(ScannedClasses discovery) {
        CHECKS.forEach(discovery::add);
    }

    /** Makes a check a {@code @Readiness @Singleton} bean (a build compatible extension's enhancement). */
    public static void readinessBean(ClassConfig check) {
        check.addAnnotation(Readiness.class).addAnnotation(Singleton.class);
    }
}
