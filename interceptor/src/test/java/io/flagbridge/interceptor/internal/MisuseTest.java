package io.flagbridge.interceptor.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every misuse of {@code @FeatureFlag} fails the deployment with its own exact message. */
class MisuseTest {

    static void assertDeploymentFails(Class<?> bean, String message) {
        assertDeploymentFails(Map.of(), bean, message);
    }

    static void assertDeploymentFails(Map<String, String> extraConfig, Class<?> bean, String message) {
        Map<String, String> config = new HashMap<>(FeatureFlagTest.FLAGS);
        config.putAll(extraConfig);
        assertThatThrownBy(() -> WeldApp.start(config, bean).close())
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains(message));
    }

    static String name(Class<?> bean) {
        return bean.getName();
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
        @FeatureFlag(value = "on", fallbackMethod = "legacySearch")
        public List<String> search(String query) {
            return List.of();
        }
    }

    @ApplicationScoped
    public static class FallbackParameters {
        @FeatureFlag(value = "on", fallbackMethod = "legacySearch")
        public List<String> search(String query, int limit) {
            return List.of();
        }

        List<String> legacySearch(String query) {
            return List.of();
        }
    }

    @ApplicationScoped
    public static class FallbackReturn {
        @FeatureFlag(value = "on", fallbackMethod = "legacySearch")
        public List<String> search(String query) {
            return List.of();
        }

        String legacySearch(String query) {
            return "";
        }
    }

    @ApplicationScoped
    public static class TwoUsers {
        @FeatureFlag("on")
        public String checkout(@FlagUser String id, @FlagUser User user) {
            return "";
        }
    }

    @ApplicationScoped
    public static class WrongUserType {
        @FeatureFlag("on")
        public String checkout(@FlagUser long customerNumber) {
            return "";
        }
    }

    @ApplicationScoped
    public static class PrivateMethod {
        @FeatureFlag("on")
        private String checkout() {
            return "";
        }
    }

    @ApplicationScoped
    public static class StaticMethod {
        @FeatureFlag("on")
        public static String checkout() {
            return "";
        }
    }

    @Dependent
    public static class FinalMethod {
        @FeatureFlag("on")
        public final String checkout() {
            return "";
        }
    }

    @Dependent
    @FeatureFlag("on")
    public static final class FinalClass {
        public String checkout() {
            return "";
        }
    }

    @ApplicationScoped
    public static class StaticFallback {
        @FeatureFlag(value = "on", fallbackMethod = "legacySearch")
        public List<String> search(String query) {
            return List.of();
        }

        static List<String> legacySearch(String query) {
            return List.of();
        }
    }

    /** Each misuse and its whole message; {@code %s} is the bean class's name. */
    static Stream<Arguments> misuses() {
        return Stream.of(
                arguments(BlankKey.class, "FLAGBRIDGE-0101: @FeatureFlag on %s.checkout() has a blank flag key; "
                        + "expected the key of a boolean flag"),
                arguments(MissingFallback.class, "FLAGBRIDGE-0102: @FeatureFlag on %s.search(String) names fallback "
                        + "method 'legacySearch', which does not exist in %s; expected a method legacySearch(String)"),
                arguments(FallbackParameters.class, "FLAGBRIDGE-0103: @FeatureFlag on %s.search(String, int) names "
                        + "fallback method 'legacySearch', which has other parameter types: legacySearch(String); "
                        + "expected legacySearch(String, int)"),
                arguments(FallbackReturn.class, "FLAGBRIDGE-0104: @FeatureFlag on %s.search(String) names fallback "
                        + "method 'legacySearch(String)', which returns java.lang.String; expected a return type "
                        + "assignable to java.util.List"),
                arguments(TwoUsers.class, "FLAGBRIDGE-0105: @FeatureFlag on %s.checkout(String, User) has more than "
                        + "one @FlagUser parameter (0 and 1); expected at most one"),
                arguments(WrongUserType.class, "FLAGBRIDGE-0106: @FeatureFlag on %s.checkout(long): its @FlagUser "
                        + "parameter 0 is of type long; expected com.configcat.User or java.lang.String"),
                arguments(PrivateMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on %s.checkout(): the method is private "
                        + "and cannot be intercepted; expected a non-private, non-static, non-final method"),
                arguments(StaticMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on %s.checkout(): the method is static "
                        + "and cannot be intercepted; expected a non-private, non-static, non-final method"),
                arguments(FinalMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on %s.checkout(): the method is final "
                        + "and cannot be intercepted; expected a non-private, non-static, non-final method"),
                arguments(FinalClass.class, "FLAGBRIDGE-0108: @FeatureFlag on %s: the class is final and cannot be "
                        + "intercepted; expected a class that is not final"),
                arguments(StaticFallback.class, "FLAGBRIDGE-0109: @FeatureFlag on %s.search(String) names fallback "
                        + "method 'legacySearch(String)', which is static; expected an instance method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuses")
    void eachMisuseFailsTheDeploymentWithItsExactMessage(Class<?> bean, String message) {
        assertDeploymentFails(bean, message.replace("%s", name(bean)));
    }

    @ApplicationScoped
    public static class Fine {
        @FeatureFlag("on")
        public String checkout() {
            return "ok";
        }
    }

    @Test
    void invalidInterceptorPriority() {
        assertDeploymentFails(Map.of("flagbridge.interceptor.priority", "early"), Fine.class,
                "FLAGBRIDGE-0100: flagbridge.interceptor.priority='early' is invalid; expected a whole number (an "
                        + "interceptor priority; the default is 1010)");
    }
}
