package io.flagbridge.interceptor.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

import org.junit.jupiter.api.Test;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@code @FeatureFlag} stands in the interceptor chain, and {@code flagbridge.interceptor.priority}. */
class PriorityTest {

    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.TYPE })
    public @interface Audited {
    }

    /** An application interceptor at priority 2000 (APPLICATION). */
    @Audited
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    public static class AuditInterceptor {
        @AroundInvoke
        Object audit(InvocationContext context) throws Exception {
            CALLS.add("audit " + context.getMethod().getName());
            return context.proceed();
        }
    }

    @ApplicationScoped
    public static class Orders {
        @Audited
        @FeatureFlag(value = "off", fallbackMethod = "legacy")
        public String place() {
            return "new";
        }

        String legacy() {
            return "legacy";
        }
    }

    String placeWithPriority(String priority) {
        CALLS.clear();
        Map<String, String> config = new HashMap<>(FeatureFlagTest.FLAGS);
        if (priority != null) {
            config.put(io.flagbridge.internal.ConfigKeys.INTERCEPTOR_PRIORITY, priority);
        }
        try (WeldApp app = WeldApp.start(config, Orders.class, AuditInterceptor.class)) {
            return app.select(Orders.class).place();
        }
    }

    @Test
    void byDefaultAFeatureThatIsOffNeverReachesApplicationInterceptors() {
        assertThat(placeWithPriority(null)).isEqualTo("legacy");
        assertThat(CALLS).isEmpty();
    }

    @Test
    void aConfiguredPriorityMovesItInTheChain() {
        assertThat(placeWithPriority("3000")).isEqualTo("legacy");
        assertThat(CALLS).containsExactly("audit place");
    }
}
