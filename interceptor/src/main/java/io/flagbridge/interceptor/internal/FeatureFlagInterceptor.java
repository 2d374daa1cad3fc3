package io.flagbridge.interceptor.internal;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
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
 * {@link FeatureFlagExtension}; a call does one map lookup (none when the method is the last one's), one evaluation
 * and no reflection.
 * <p>
 * Serializable, so that beans of a passivating scope ({@code @SessionScoped}, {@code @ConversationScoped}) may be
 * gated: it keeps only passivation-capable references (the bean class, the {@code BeanManager}, {@code Instance}s)
 * and resolves the rest again after it is deserialised.
 */
@Interceptor
@FeatureFlag("")
@Priority(FeatureFlagInterceptor.DEFAULT_PRIORITY)
public class FeatureFlagInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Early in the library range: a feature that is off starts no transaction, retry or metric. */
    public static final int DEFAULT_PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

    private static final Logger LOG = Logger.getLogger(FeatureFlagInterceptor.class.getName());

    private final Class<?> beanClass;
    private final BeanManager beanManager;
    private final Instance<ConfigCatClient> clients;
    private final Instance<FlagUserResolver> resolvers;
    private final Instance<Principal> principals;
    /** What is resolved from the references above: at construction, and again after deserialisation. */
    private transient volatile Resolved resolved;
    /** The method of the last call and its metadata: most beans gate one method, and Weld passes the same Method. */
    private transient LastCall last;

    private record Resolved(Map<Method, FlagMethod> methods, FeatureFlagExtension extension, ConfigCatClient client,
            FlagUserResolver resolver, Instance<Principal> principal) {
    }

    private record LastCall(Method method, FlagMethod flag) {
    }

    @Inject
    FeatureFlagInterceptor(@Intercepted Bean<?> bean, BeanManager beanManager, Instance<ConfigCatClient> clients,
            Instance<FlagUserResolver> resolvers, Instance<Principal> principals) {
        this.beanClass = bean.getBeanClass();
        this.beanManager = beanManager;
        this.clients = clients;
        this.resolvers = resolvers;
        this.principals = principals;
        this.resolved = resolve();
    }

    private Resolved resolve() {
        FeatureFlagExtension extension = beanManager.getExtension(FeatureFlagExtension.class);
        return new Resolved(extension.methodsOf(beanClass), extension, clients.get(),
                extension.resolverPresent() ? resolvers.get() : null,
                extension.principalPresent() ? principals : null);
    }

    private Resolved resolved() {
        Resolved current = resolved;
        if (current == null) {
            current = resolve(); // deserialised: the same beans again
            resolved = current;
        }
        return current;
    }

    @AroundInvoke
    Object gate(InvocationContext context) throws Exception {
        Resolved state = resolved();
        Method method = context.getMethod();
        LastCall call = last; // immutable: a racy read sees a whole pair or null
        FlagMethod flag;
        if (call != null && call.method() == method) {
            flag = call.flag();
        } else {
            flag = state.methods().get(method);
            last = new LastCall(method, flag);
        }
        if (flag == null) {
            return context.proceed(); // not gated: for example a private method called through the binding
        }
        User user = flag.userParameter() != FlagMethod.NO_USER_PARAMETER ? flag.userFrom(context.getParameters())
                : currentUser(state);
        if (isOn(state, flag, user)) {
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

    private static boolean isOn(Resolved state, FlagMethod flag, User user) {
        EvaluationDetails<Boolean> details = state.client().getValueDetails(Boolean.class, flag.key(), user,
                flag.defaultValue());
        if (details.getError() != null && state.extension().firstErrorOf(flag.key())) {
            LOG.warning("FLAGBRIDGE-0110: flag '" + flag.key() + "' of @FeatureFlag on " + flag.description()
                    + " could not be evaluated, so its defaultValue " + flag.defaultValue()
                    + " is used (logged once per flag): " + details.getError());
        }
        Boolean value = details.getValue();
        return value != null ? value : flag.defaultValue();
    }

    private static User currentUser(Resolved state) {
        if (state.resolver() != null) {
            User user = state.resolver().currentUser().orElse(null);
            if (user != null) {
                return user;
            }
        }
        if (state.principal() != null && state.extension().principalUsable()) {
            String caller = callerName(state);
            if (caller != null) {
                return User.newBuilder().build(caller);
            }
        }
        return null;
    }

    /** The caller's principal name, or null for none or an anonymous caller. */
    private static String callerName(Resolved state) {
        try {
            // The built-in bean is a proxy: it is asked for the real principal when it is used.
            Principal caller = state.principal().get();
            String name = caller == null ? null : caller.getName();
            return name == null || name.isBlank() || isAnonymous(caller) ? null : name;
        } catch (RuntimeException e) {
            // Open Liberty without application security offers the bean but cannot give a principal: stop asking.
            state.extension().principalUnusable(e);
            return null;
        }
    }

    /** The principal servers report for a caller who has not logged in (WildFly, Open Liberty). */
    private static boolean isAnonymous(Principal principal) {
        return principal.getClass().getSimpleName().equals("AnonymousPrincipal")
                || principal.getName().equals("UNAUTHENTICATED");
    }
}
