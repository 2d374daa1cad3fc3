package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.enterprise.inject.Instance;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.FlagUserResolver;

/**
 * What every {@code @FeatureFlag} interceptor of an application shares: the gated methods (read at deployment), the
 * client, and where the current user comes from. One per application (a {@code @Singleton} bean).
 */
final class FeatureFlagGate {

    private static final Logger LOG = Logger.getLogger(FeatureFlagGate.class.getName());

    private final Map<Class<?>, Map<Method, FlagMethod>> methods;
    private final ConfigCatClient client;
    private final FlagUserResolver resolver;
    private final Instance<Principal> principal;
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
    private volatile boolean principalUsable = true;

    /**
     * @param resolver the application's {@link FlagUserResolver}, or null
     * @param principal the container's {@code Principal} bean, or null when it has none
     */
    FeatureFlagGate(Map<Class<?>, Map<Method, FlagMethod>> methods, ConfigCatClient client, FlagUserResolver resolver,
            Instance<Principal> principal) {
        this.methods = methods;
        this.client = client;
        this.resolver = resolver;
        this.principal = principal;
    }

    /** The gated methods of a bean class; empty when it has none. */
    Map<Method, FlagMethod> methodsOf(Class<?> beanClass) {
        return methods.getOrDefault(beanClass, Map.of());
    }

    /** The flag's value for the user; its {@code defaultValue} when it cannot be evaluated (logged once per key). */
    boolean isOn(FlagMethod flag, User user) {
        EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, flag.key(), user,
                flag.defaultValue());
        if (details.getError() != null && reportedErrors.add(flag.key())) {
            LOG.warning(InterceptorMessages.evaluationFailed(flag.key(), flag.description(), flag.defaultValue(),
                    details.getError()));
        }
        Boolean value = details.getValue();
        return value != null ? value : flag.defaultValue();
    }

    /** The user from the resolver bean, else the caller's principal, else null. */
    User currentUser() {
        if (resolver != null) {
            User user = resolver.currentUser().orElse(null);
            if (user != null) {
                return user;
            }
        }
        if (principal != null && principalUsable) {
            String caller = callerName();
            if (caller != null) {
                return User.newBuilder().build(caller);
            }
        }
        return null;
    }

    /** The caller's principal name, or null for none or an anonymous caller. */
    private String callerName() {
        try {
            // The built-in bean is a proxy: it is asked for the real principal when it is used.
            Principal caller = principal.get();
            String name = caller == null ? null : caller.getName();
            return name == null || name.isBlank() || isAnonymous(caller) ? null : name;
        } catch (RuntimeException e) {
            // Open Liberty without application security offers the bean but cannot give a principal: stop asking.
            if (principalUsable) {
                principalUsable = false;
                LOG.info(InterceptorMessages.principalUnusable(e));
            }
            return null;
        }
    }

    /** The principal servers report for a caller who has not logged in (WildFly, Open Liberty). */
    private static boolean isAnonymous(Principal principal) {
        return principal.getClass().getSimpleName().equals("AnonymousPrincipal")
                || principal.getName().equals("UNAUTHENTICATED");
    }
}
