package io.flagbridge.internal.health;

import java.util.function.Supplier;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.util.Counters;

/**
 * Registers the readiness checks. Called only when the application sees the MicroProfile Health API: this class names
 * the checks and the API, and it is loaded only then.
 */
public final class HealthChecks {

    /** A class of the API, to look for with the application's class loader. */
    public static final String API = "org.eclipse.microprofile.health.HealthCheck";

    private HealthChecks() {
    }

    /**
     * Adds the two {@code @Readiness} checks as beans. Their bean class is the API's {@code HealthCheck}: a container
     * keeps a bean in the bean archive of its bean class, and WildFly's MicroProfile Health (a server module) sees the
     * API's, but not the one it makes up for the classes of a library jar.
     *
     * @param state the client's state, asked for at each call (a server may create its checks before FlagBridge starts)
     * @param counters the delivery counters, likewise
     */
    public static void addTo(AfterBeanDiscovery discovery, Supplier<ClientState> state, Supplier<Counters> counters) {
        discovery.addBean().beanClass(HealthCheck.class).id("io.flagbridge.health.configcat")
                .types(HealthCheck.class, ConfigCatReadiness.class, Object.class)
                .qualifiers(Readiness.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> new ConfigCatReadiness(state));
        discovery.addBean().beanClass(HealthCheck.class).id("io.flagbridge.health.segment")
                .types(HealthCheck.class, SegmentReadiness.class, Object.class)
                .qualifiers(Readiness.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> new SegmentReadiness(counters));
    }
}
