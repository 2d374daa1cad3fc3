package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.util.AppLog;

/**
 * What every {@code @FeatureFlag} interceptor of an application shares: the gated methods (read at deployment), the
 * client (through the application's requests: one value per request), and where the current user comes from. One per
 * application (a {@code @Singleton} bean).
 */
public final class FeatureFlagGate {

    private static final AppLog LOG = AppLog.of(FeatureFlagGate.class);

    private final GatedMethods methods;
    private final Requests requests;
    private final CurrentUser currentUser;
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
    private final Map<Method, FlagMethod> unprocessed = new ConcurrentHashMap<>();

    FeatureFlagGate(GatedMethods methods, Requests requests, CurrentUser currentUser) {
        this.methods = methods;
        this.requests = requests;
        this.currentUser = currentUser;
    }

    /** The gated methods of a bean class; empty when it has none. */
    Map<Method, FlagMethod> methodsOf(Class<?> beanClass) {
        return methods.of(beanClass);
    }

    /**
     * The gate of a method the extension did not read at deployment, from the {@code @FeatureFlag} binding the
     * container applied (once per method): its key and {@code defaultValue}, for the current user. A fallback named
     * there was never checked, so a flag that is off throws {@link io.flagbridge.interceptor.FeatureDisabledException};
     * without a binding the method is refused the same way (fail closed).
     */
    FlagMethod unprocessed(Method method, Set<FeatureFlag> bindings) {
        return unprocessed.computeIfAbsent(method, m -> {
            String description = FlagMethods.describe(m.getDeclaringClass(), m);
            FeatureFlag binding = bindings.stream().findFirst().orElse(null);
            return binding == null || binding.value().isBlank()
                    ? new FlagMethod("", false, null, FlagMethod.NO_USER_PARAMETER, false, description, "")
                    : new FlagMethod(binding.value(), binding.defaultValue(), null, FlagMethod.NO_USER_PARAMETER, false,
                            description, "");
        });
    }

    /**
     * The flag's value for the user (inside a request, the request's); its {@code defaultValue} when it cannot be
     * evaluated (logged once per key).
     */
    boolean isOn(FlagMethod flag, User user) {
        if (flag.key().isEmpty()) {
            return false; // no flag to evaluate: refused, never run ungated
        }
        EvaluationDetails<Boolean> details = requests.details(Boolean.class, flag.key(), user, flag.defaultValue());
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
