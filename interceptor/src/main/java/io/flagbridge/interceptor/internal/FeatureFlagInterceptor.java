package io.flagbridge.interceptor.internal;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import com.configcat.User;

import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;

/**
 * Gates {@code @FeatureFlag} methods. Everything about a method was resolved at deployment by
 * {@link FeatureFlagExtension}; a call does one map lookup (none when the method is the last one's), one evaluation
 * and no reflection.
 * <p>
 * Serializable, so that beans of a passivating scope ({@code @SessionScoped}, {@code @ConversationScoped}) may be
 * gated: it keeps only passivation-capable references (the bean class, an {@code Instance}) and looks the gate up
 * again after it is deserialised.
 */
@Interceptor
@FeatureFlag("")
@Priority(FeatureFlagInterceptor.DEFAULT_PRIORITY)
public class FeatureFlagInterceptor implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Early in the library range: a feature that is off starts no transaction, retry or metric. */
    public static final int DEFAULT_PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 10;

    /** Where Weld ({@code WeldInvocationContext.INTERCEPTOR_BINDINGS_KEY}) and ArC put a call's bindings. */
    private static final List<String> BINDINGS_KEYS = List.of("org.jboss.weld.interceptor.bindings",
            "io.quarkus.arc.interceptorBindings");

    private final Class<?> beanClass;
    private final Instance<FeatureFlagGate> gates;
    /** What is looked up from the references above: at construction, and again after deserialisation. */
    private transient volatile Resolved resolved;
    /** The method of the last call and its metadata: most beans gate one method, and Weld passes the same Method. */
    private transient LastCall last;

    private record Resolved(FeatureFlagGate gate, Map<Method, FlagMethod> methods) {
    }

    private record LastCall(Method method, FlagMethod flag) {
    }

    @Inject
    public FeatureFlagInterceptor(@Intercepted Bean<?> bean, Instance<FeatureFlagGate> gates) {
        this.beanClass = bean.getBeanClass();
        this.gates = gates;
        this.resolved = resolve();
    }

    private Resolved resolve() {
        FeatureFlagGate gate = gates.get();
        return new Resolved(gate, gate.methodsOf(beanClass));
    }

    private Resolved resolved() {
        Resolved current = resolved;
        if (current == null) {
            current = resolve(); // deserialised: the same gate again
            resolved = current;
        }
        return current;
    }

    @AroundInvoke
    public Object gate(InvocationContext context) throws Exception {
        Resolved state = resolved();
        Method method = context.getMethod();
        LastCall call = last; // immutable: a racy read sees a whole pair or null
        FlagMethod flag;
        if (call != null && call.method() == method) {
            flag = call.flag();
        } else {
            flag = state.methods().get(method);
            if (flag == null) {
                // A class the extension never read (an InterceptionFactory's instance, whose @Intercepted bean is
                // its producer's): gated by the binding the container applied, never run ungated.
                flag = state.gate().unprocessed(method, bindings(context));
            }
            last = new LastCall(method, flag);
        }
        User user = flag.userParameter() != FlagMethod.NO_USER_PARAMETER ? flag.userFrom(context.getParameters())
                : state.gate().currentUser();
        if (state.gate().isOn(flag, user)) {
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

    /**
     * The {@code @FeatureFlag} bindings the container applied to this call, where it tells them (Interceptors 2.2's
     * {@code getInterceptorBindings} is not in the EE 10 API FlagBridge compiles against): Weld's and ArC's context
     * data. Empty elsewhere.
     */
    private static Set<FeatureFlag> bindings(InvocationContext context) {
        Set<FeatureFlag> bindings = new HashSet<>();
        for (String key : BINDINGS_KEYS) {
            if (context.getContextData().get(key) instanceof Collection<?> applied) {
                for (Object binding : applied) {
                    if (binding instanceof FeatureFlag flag) {
                        bindings.add(flag);
                    }
                }
            }
        }
        return bindings;
    }
}
