package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.internal.users.CurrentUser;

/**
 * What every {@code @FeatureFlag} interceptor of an application shares: the gated methods (read at deployment), the
 * client, and where the current user comes from. One per application (a {@code @Singleton} bean).
 */
final class FeatureFlagGate {

    private static final Logger LOG = Logger.getLogger(FeatureFlagGate.class.getName());

    private final Map<Class<?>, Map<Method, FlagMethod>> methods;
    private final ConfigCatClient client;
    private final CurrentUser currentUser;
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();

    FeatureFlagGate(Map<Class<?>, Map<Method, FlagMethod>> methods, ConfigCatClient client, CurrentUser currentUser) {
        this.methods = methods;
        this.client = client;
        this.currentUser = currentUser;
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

    /** The user from the resolver bean, else the caller, else null. */
    User currentUser() {
        return currentUser.get();
    }
}
