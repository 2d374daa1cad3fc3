package io.flagbridge.interceptor.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;

import org.junit.jupiter.api.Test;

import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.interceptor.FlagUser;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void blankKey() {
        assertDeploymentFails(BlankKey.class, "FLAGBRIDGE-0101: @FeatureFlag on " + name(BlankKey.class)
                + ".checkout() has a blank flag key; expected the key of a boolean flag");
    }

    @ApplicationScoped
    public static class MissingFallback {
        @FeatureFlag(value = "on", fallbackMethod = "legacySearch")
        public List<String> search(String query) {
            return List.of();
        }
    }

    @Test
    void fallbackMissing() {
        assertDeploymentFails(MissingFallback.class, "FLAGBRIDGE-0102: @FeatureFlag on " + name(MissingFallback.class)
                + ".search(String) names fallback method 'legacySearch', which does not exist in "
                + name(MissingFallback.class) + "; expected a method legacySearch(String)");
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

    @Test
    void fallbackWithOtherParameterTypes() {
        assertDeploymentFails(FallbackParameters.class, "FLAGBRIDGE-0103: @FeatureFlag on "
                + name(FallbackParameters.class) + ".search(String, int) names fallback method 'legacySearch', "
                + "which has other parameter types: legacySearch(String); expected legacySearch(String, int)");
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

    @Test
    void fallbackReturnTypeDoesNotFit() {
        assertDeploymentFails(FallbackReturn.class, "FLAGBRIDGE-0104: @FeatureFlag on " + name(FallbackReturn.class)
                + ".search(String) names fallback method 'legacySearch(String)', which returns java.lang.String; "
                + "expected a return type assignable to java.util.List");
    }

    @ApplicationScoped
    public static class TwoUsers {
        @FeatureFlag("on")
        public String checkout(@FlagUser String id, @FlagUser User user) {
            return "";
        }
    }

    @Test
    void twoFlagUserParameters() {
        assertDeploymentFails(TwoUsers.class, "FLAGBRIDGE-0105: @FeatureFlag on " + name(TwoUsers.class)
                + ".checkout(String, User) has more than one @FlagUser parameter (0 and 1); expected at most one");
    }

    @ApplicationScoped
    public static class WrongUserType {
        @FeatureFlag("on")
        public String checkout(@FlagUser long customerNumber) {
            return "";
        }
    }

    @Test
    void flagUserOfAnotherType() {
        assertDeploymentFails(WrongUserType.class, "FLAGBRIDGE-0106: @FeatureFlag on " + name(WrongUserType.class)
                + ".checkout(long): its @FlagUser parameter 0 is of type long; expected com.configcat.User or "
                + "java.lang.String");
    }

    @ApplicationScoped
    public static class PrivateMethod {
        @FeatureFlag("on")
        private String checkout() {
            return "";
        }
    }

    @Test
    void privateMethod() {
        assertDeploymentFails(PrivateMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on " + name(PrivateMethod.class)
                + ".checkout(): the method is private and cannot be intercepted; expected a non-private, non-static, "
                + "non-final method");
    }

    @ApplicationScoped
    public static class StaticMethod {
        @FeatureFlag("on")
        public static String checkout() {
            return "";
        }
    }

    @Test
    void staticMethod() {
        assertDeploymentFails(StaticMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on " + name(StaticMethod.class)
                + ".checkout(): the method is static and cannot be intercepted; expected a non-private, non-static, "
                + "non-final method");
    }

    @Dependent
    public static class FinalMethod {
        @FeatureFlag("on")
        public final String checkout() {
            return "";
        }
    }

    @Test
    void finalMethod() {
        assertDeploymentFails(FinalMethod.class, "FLAGBRIDGE-0107: @FeatureFlag on " + name(FinalMethod.class)
                + ".checkout(): the method is final and cannot be intercepted; expected a non-private, non-static, "
                + "non-final method");
    }

    @Dependent
    @FeatureFlag("on")
    public static final class FinalClass {
        public String checkout() {
            return "";
        }
    }

    @Test
    void finalClass() {
        assertDeploymentFails(FinalClass.class, "FLAGBRIDGE-0108: @FeatureFlag on " + name(FinalClass.class)
                + ": the class is final and cannot be intercepted; expected a class that is not final");
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
