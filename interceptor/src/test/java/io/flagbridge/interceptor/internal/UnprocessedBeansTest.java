package io.flagbridge.interceptor.internal;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InterceptionFactory;
import jakarta.enterprise.util.AnnotationLiteral;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gated method of a class the extension never read: an instance built with {@code InterceptionFactory} (its
 * {@code @Intercepted} bean is the producer's, so the method is not in the gate's map). The gate fails closed.
 */
class UnprocessedBeansTest {

    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Not a bean: its instances come from the producer below. */
    public static class Legacy {
        public String banner() {
            return "banner";
        }

        public String checkout() {
            return "checkout";
        }
    }

    @SuppressWarnings("all")
    static final class Flag extends AnnotationLiteral<FeatureFlag> implements FeatureFlag {
        private final String key;

        Flag(String key) {
            this.key = key;
        }

        @Override
        public String value() {
            return key;
        }

        @Override
        public String fallbackMethod() {
            return "";
        }

        @Override
        public boolean defaultValue() {
            return false;
        }
    }

    @ApplicationScoped
    public static class LegacyProducer {
        @Produces
        @Dependent
        Legacy legacy(InterceptionFactory<Legacy> factory) {
            factory.configure().filterMethods(m -> m.getJavaMember().getName().equals("banner")).findFirst()
                    .orElseThrow().add(new Flag("off"));
            factory.configure().filterMethods(m -> m.getJavaMember().getName().equals("checkout")).findFirst()
                    .orElseThrow().add(new Flag("on"));
            return factory.createInterceptedInstance(new Legacy());
        }
    }

    @Test
    void aMethodGatedThroughInterceptionFactoryIsEvaluatedNotRunUngated() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/targeted.json",
                "configcat.overrides.behaviour", "local-only"), LegacyProducer.class);
        Legacy legacy = app.select(Legacy.class);

        assertThat(legacy.checkout()).isEqualTo("checkout");
        assertThatThrownBy(legacy::banner).isInstanceOf(FeatureDisabledException.class).hasMessageContaining("off");
    }
}
