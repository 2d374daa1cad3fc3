package io.flagbridge.interceptor.internal;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.configcat.User;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureFlagTest {

    static final Map<String, String> FLAGS = Map.of("configcat.overrides.resource", "flags/targeted.json",
            "configcat.overrides.behaviour", "local-only");

    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    <T> T start(Class<T> bean, Class<?>... more) {
        Class<?>[] classes = new Class<?>[more.length + 1];
        classes[0] = bean;
        System.arraycopy(more, 0, classes, 1, more.length);
        app = WeldApp.start(FLAGS, classes);
        return app.select(bean);
    }

    @ApplicationScoped
    public static class Shop {
        @FeatureFlag("on")
        public String newCheckout(String cart) {
            return "new checkout of " + cart;
        }

        @FeatureFlag(value = "off", fallbackMethod = "legacySearch")
        public List<String> search(String query, int limit) {
            return List.of("new", query);
        }

        private ArrayList<String> legacySearch(String query, int limit) {
            return new ArrayList<>(List.of("legacy", query, String.valueOf(limit)));
        }

        @FeatureFlag("off")
        public String banner() {
            return "banner";
        }

        public String ungated() {
            return "always";
        }
    }

    @Test
    void runsTheMethodWhenTheFlagIsOn() {
        assertThat(start(Shop.class).newCheckout("cart-1")).isEqualTo("new checkout of cart-1");
    }

    @Test
    void runsTheFallbackWithTheSameArgumentsWhenTheFlagIsOff() {
        assertThat(start(Shop.class).search("shoes", 7)).containsExactly("legacy", "shoes", "7");
    }

    @Test
    void throwsWhenTheFlagIsOffWithoutFallback() {
        Shop shop = start(Shop.class);
        assertThatThrownBy(shop::banner).isInstanceOf(FeatureDisabledException.class)
                .hasMessage("feature flag 'off' is off")
                .satisfies(e -> assertThat(((FeatureDisabledException) e).flagKey()).isEqualTo("off"));
        assertThat(shop.ungated()).isEqualTo("always");
    }

    /** A gate on a text flag: with remote flags only the first config can tell (local-only flags fail the deployment). */
    @ApplicationScoped
    public static class TextGate {
        @FeatureFlag(value = "text", defaultValue = true)
        public String textFlagUsesDefault() {
            return "ran";
        }
    }

    @Test
    void defaultValueDecidesWhenTheFlagIsNotABooleanAndTheErrorIsLoggedOncePerKey() {
        List<String> lines;
        try (LogCapture log = LogCapture.of(FeatureFlagInterceptor.class.getPackageName());
                FakeConfigCatCdn cdn = FakeConfigCatCdn.start()) {
            cdn.serve(FlagKeysTest.SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("text", "not a boolean",
                    "v-text").build());
            app = WeldApp.start(Map.of("configcat.sdk-key", FlagKeysTest.SDK_KEY, "configcat.base-url",
                    cdn.baseUrl()), TextGate.class);
            TextGate gate = app.select(TextGate.class);
            assertThat(gate.textFlagUsesDefault()).isEqualTo("ran");
            assertThat(gate.textFlagUsesDefault()).isEqualTo("ran");
            lines = log.lines();
        }
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("FLAGBRIDGE-0110: flag 'text' of @FeatureFlag on "
                + TextGate.class.getName() + ".textFlagUsesDefault() could not be evaluated, so its defaultValue true is "
                + "used (logged once per flag): ");
    }

    @ApplicationScoped
    @FeatureFlag("off")
    public static class GatedService {
        public String typeLevel() {
            return "type";
        }

        @FeatureFlag("on")
        public String methodLevelWins() {
            return "method";
        }
    }

    @Dependent
    public static class GatedSubclass extends GatedService {
        public String inherited() {
            return "inherited";
        }
    }

    @Test
    void aMethodsAnnotationWinsOverItsTypes() {
        GatedService service = start(GatedService.class);
        assertThatThrownBy(service::typeLevel).isInstanceOf(FeatureDisabledException.class);
        assertThat(service.methodLevelWins()).isEqualTo("method");
    }

    @Test
    void theTypeAnnotationIsInheritedAndWorksOnDependentBeans() {
        GatedSubclass bean = start(GatedSubclass.class);
        assertThatThrownBy(bean::inherited).isInstanceOf(FeatureDisabledException.class);
        assertThat(bean.methodLevelWins()).isEqualTo("method");
    }

    @ApplicationScoped
    public static class Beta {
        @FeatureFlag("aliceOnly")
        public String forUser(@FlagUser User user) {
            return "beta";
        }

        @FeatureFlag("aliceOnly")
        public String forIdentifier(String other, @FlagUser String userId) {
            return "beta";
        }

        @FeatureFlag("aliceOnly")
        public String forCurrentUser() {
            return "beta";
        }
    }

    @Test
    void theUserComesFromAFlagUserParameter() {
        Beta beta = start(Beta.class);
        assertThat(beta.forUser(User.newBuilder().build("alice"))).isEqualTo("beta");
        assertThatThrownBy(() -> beta.forUser(User.newBuilder().build("bob")))
                .isInstanceOf(FeatureDisabledException.class);
        assertThat(beta.forIdentifier("x", "alice")).isEqualTo("beta");
        assertThatThrownBy(() -> beta.forIdentifier("alice", "bob")).isInstanceOf(FeatureDisabledException.class);
    }

    @Test
    void aNullFlagUserMeansNoUser() {
        AliceResolver.current = "alice";
        Beta beta = start(Beta.class, AliceResolver.class);
        // The control: the resolver's user, alice, is let in; a null @FlagUser must not fall back to her.
        assertThat(beta.forCurrentUser()).isEqualTo("beta");
        assertThatThrownBy(() -> beta.forUser(null)).isInstanceOf(FeatureDisabledException.class);
        assertThatThrownBy(() -> beta.forIdentifier("x", null)).isInstanceOf(FeatureDisabledException.class);
    }

    @Test
    void withoutAnyUserSourceThereIsNoUser() {
        assertThatThrownBy(start(Beta.class)::forCurrentUser).isInstanceOf(FeatureDisabledException.class);
    }

    @ApplicationScoped
    public static class AliceResolver implements FlagUserResolver {
        static volatile String current = "alice";

        @Override
        public Optional<User> currentUser() {
            return Optional.ofNullable(current).map(id -> User.newBuilder().build(id));
        }
    }

    @Test
    void theUserComesFromTheResolverWhenNoParameterNamesOne() {
        Beta beta = start(Beta.class, AliceResolver.class);
        AliceResolver.current = "alice";
        assertThat(beta.forCurrentUser()).isEqualTo("beta");
        AliceResolver.current = "bob";
        assertThatThrownBy(beta::forCurrentUser).isInstanceOf(FeatureDisabledException.class);
        // A @FlagUser parameter wins over the resolver.
        assertThat(beta.forUser(User.newBuilder().build("alice"))).isEqualTo("beta");
    }

    @ApplicationScoped
    public static class Callers {
        static volatile String name = "alice";

        @Produces
        @Dependent
        Principal caller() {
            return () -> name;
        }
    }

    @Test
    void theUserComesFromTheCallersPrincipalLast() {
        Beta beta = start(Beta.class, Callers.class);
        Callers.name = "alice";
        assertThat(beta.forCurrentUser()).isEqualTo("beta");
        Callers.name = "bob";
        assertThatThrownBy(beta::forCurrentUser).isInstanceOf(FeatureDisabledException.class);
    }

    @Test
    void aResolverThatKnowsNoUserFallsBackToThePrincipal() {
        Beta beta = start(Beta.class, AliceResolver.class, Callers.class);
        AliceResolver.current = null;
        Callers.name = "alice";
        assertThat(beta.forCurrentUser()).isEqualTo("beta");
        AliceResolver.current = "bob";
        assertThatThrownBy(beta::forCurrentUser).as("the resolver's user wins over the principal")
                .isInstanceOf(FeatureDisabledException.class);
    }

    @ApplicationScoped
    public static class BrokenCallers {
        static final java.util.concurrent.atomic.AtomicInteger ASKED = new java.util.concurrent.atomic.AtomicInteger();

        @Produces
        @Dependent
        Principal caller() {
            ASKED.incrementAndGet();
            throw new IllegalStateException("no security context");
        }
    }

    @Test
    void aPrincipalBeanThatFailsMeansNoUserAndIsNotAskedAgain() {
        Beta beta = start(Beta.class, BrokenCallers.class);
        BrokenCallers.ASKED.set(0);
        assertThatThrownBy(beta::forCurrentUser).isInstanceOf(FeatureDisabledException.class);
        assertThatThrownBy(beta::forCurrentUser).isInstanceOf(FeatureDisabledException.class);
        assertThat(beta.forUser(User.newBuilder().build("alice"))).isEqualTo("beta");
        assertThat(BrokenCallers.ASKED).hasValue(1);
    }
}
