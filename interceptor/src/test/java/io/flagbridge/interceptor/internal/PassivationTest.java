package io.flagbridge.interceptor.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.SessionScoped;

import org.jboss.weld.context.bound.BoundSessionContext;
import org.jboss.weld.serialization.spi.helpers.SerializableContextualInstance;
import org.junit.jupiter.api.Test;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** @FeatureFlag on beans of a passivating scope: they deploy, work, and survive serialisation. */
class PassivationTest {

    @SessionScoped
    public static class Cart implements Serializable {
        private static final long serialVersionUID = 1L;

        @FeatureFlag("on")
        public String checkout() {
            return "checked out";
        }

        @FeatureFlag(value = "off", fallbackMethod = "legacy")
        public String search() {
            return "new search";
        }

        String legacy() {
            return "legacy search";
        }
    }

    @Test
    void aSessionScopedBeanIsGatedAndItsInterceptorSurvivesPassivation() throws Exception {
        try (WeldApp app = WeldApp.start(FeatureFlagTest.FLAGS, Cart.class)) {
            BoundSessionContext sessions = app.select(BoundSessionContext.class);
            Map<String, Object> session = new java.util.HashMap<>();
            sessions.associate(session);
            sessions.activate();
            try {
                Cart cart = app.select(Cart.class);
                assertThat(cart.checkout()).isEqualTo("checked out");
                assertThat(cart.search()).isEqualTo("legacy search");
            } finally {
                sessions.invalidate();
                sessions.deactivate();
                sessions.dissociate(session);
            }
            // What a server does to a passivated session: serialise its beans (interceptor instances included),
            // and later read them back and call them.
            List<Cart> restored = new ArrayList<>();
            for (Object stored : session.values()) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                    out.writeObject(stored);
                }
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                    if (in.readObject() instanceof SerializableContextualInstance<?, ?> instance
                            && instance.getInstance() instanceof Cart cart) {
                        restored.add(cart);
                    }
                }
            }
            assertThat(restored).hasSize(1);
            assertThat(restored.get(0).checkout()).isEqualTo("checked out");
            assertThat(restored.get(0).search()).as("still gated, fallback and all").isEqualTo("legacy search");
        }
    }
}
