package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.User;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;

/**
 * Gates {@code @FeatureFlag} methods. Everything about a method was resolved at deployment by
 * {@link FeatureFlagExtension}; a call does one map lookup, one evaluation and no reflection.
 */
@Interceptor
@FeatureFlag("")
@Priority(FeatureFlagInterceptor.DEFAULT_PRIORITY)
public class FeatureFlagInterceptor {

    /** Early in the library range: a feature that is off starts no transaction, retry or metric. */
    public static final int DEFAULT_PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

    private static final Logger LOG = Logger.getLogger(FeatureFlagInterceptor.class.getName());

    private final Map<Method, FlagMethod> methods;
    private final FeatureFlagExtension extension;
    private final ConfigCatClient client;
    private final FlagUserResolver resolver;
    private final Instance<Principal> principal;
    /** The method of the last call and its metadata: most beans gate one method, and Weld passes the same Method. */
    private LastCall last;

    private record LastCall(Method method, FlagMethod flag) {
    }

    @Inject
    FeatureFlagInterceptor(@Intercepted Bean<?> bean, FeatureFlagExtension extension, ConfigCatClient client,
            Instance<FlagUserResolver> resolvers, Instance<Principal> principal) {
        this.methods = extension.methodsOf(bean.getBeanClass());
        this.extension = extension;
        this.client = client;
        this.resolver = extension.resolverPresent() ? resolvers.get() : null;
        this.principal = extension.principalPresent() ? principal : null;
    }

    @AroundInvoke
    Object gate(InvocationContext context) throws Exception {
        Method method = context.getMethod();
        LastCall call = last; // immutable: a racy read sees a whole pair or null
        FlagMethod flag;
        if (call != null && call.method() == method) {
            flag = call.flag();
        } else {
            flag = methods.get(method);
            last = new LastCall(method, flag);
        }
        if (flag == null) {
            return context.proceed(); // not gated: for example a private method called through the binding
        }
        User user = flag.userParameter() != FlagMethod.NO_USER_PARAMETER ? flag.userFrom(context.getParameters())
                : currentUser();
        if (isOn(flag, user)) {
            return context.proceed();
        }
        if (flag.fallback() != null) {
            try {
                return flag.fallback().invokeExact(context.getTarget(), context.getParameters());
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        throw new FeatureDisabledException(flag.key());
    }

    private boolean isOn(FlagMethod flag, User user) {
        EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, flag.key(), user,
                flag.defaultValue());
        if (details.getError() != null && extension.firstErrorOf(flag.key())) {
            LOG.warning("FLAGBRIDGE-0110: flag '" + flag.key() + "' of @FeatureFlag on " + flag.description()
                    + " could not be evaluated, so its defaultValue " + flag.defaultValue()
                    + " is used (logged once per flag): " + details.getError());
        }
        Boolean value = details.getValue();
        return value != null ? value : flag.defaultValue();
    }

    private User currentUser() {
        if (resolver != null) {
            User user = resolver.currentUser().orElse(null);
            if (user != null) {
                return user;
            }
        }
        if (principal != null && extension.principalUsable()) {
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
            extension.principalUnusable(e);
            return null;
        }
    }

    /** The principal servers report for a caller who has not logged in (WildFly, Open Liberty). */
    private static boolean isAnonymous(Principal principal) {
        return principal.getClass().getSimpleName().equals("AnonymousPrincipal")
                || principal.getName().equals("UNAUTHENTICATED");
    }
}
