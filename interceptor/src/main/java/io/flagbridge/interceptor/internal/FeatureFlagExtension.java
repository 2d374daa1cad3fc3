package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Decorator;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessManagedBean;

import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.internal.config.ConfigReader;

/**
 * Registers the {@code @FeatureFlag} interceptor, and reads and checks every {@code @FeatureFlag} method once, at
 * deployment; the interceptor only looks the result up.
 */
public class FeatureFlagExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(FeatureFlagExtension.class.getName());

    /** The config key that moves the interceptor in the interceptor chain. */
    public static final String PRIORITY_KEY = "flagbridge.interceptor.priority";

    private final Map<Class<?>, Map<Method, FlagMethod>> beans = new ConcurrentHashMap<>();
    private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();
    private volatile String priorityProblem;
    private volatile boolean resolverPresent;
    private volatile boolean principalPresent;
    private volatile boolean principalUsable = true;

    void registerInterceptor(@Observes BeforeBeanDiscovery bbd) {
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader()));
        Optional<String> configured = reader.string(PRIORITY_KEY);
        int priority = FeatureFlagInterceptor.DEFAULT_PRIORITY;
        if (configured.isPresent()) {
            try {
                priority = Integer.parseInt(configured.get());
            } catch (NumberFormatException e) {
                // Reported with the other configuration problems, when deployment is validated.
                priorityProblem = "FLAGBRIDGE-0100: " + PRIORITY_KEY + "='" + configured.get()
                        + "' is invalid; expected a whole number (an interceptor priority; the default is "
                        + FeatureFlagInterceptor.DEFAULT_PRIORITY + ")";
            }
        }
        bbd.addAnnotatedType(FeatureFlagInterceptor.class, FeatureFlagInterceptor.class.getName())
                .remove(a -> a.annotationType() == Priority.class)
                .add(new PriorityLiteral(priority));
    }

    void readFlagMethods(@Observes ProcessManagedBean<?> pmb) {
        if (pmb.getBean() instanceof Interceptor || pmb.getBean() instanceof Decorator) {
            return; // the interceptor carries the binding itself; neither kind is intercepted
        }
        Class<?> beanClass = pmb.getAnnotatedBeanClass().getJavaClass();
        FlagMethods flagMethods = FlagMethods.of(pmb.getAnnotatedBeanClass());
        flagMethods.problems().forEach(problem -> pmb.addDefinitionError(new DefinitionException(problem)));
        if (flagMethods.problems().isEmpty() && !flagMethods.methods().isEmpty()) {
            beans.put(beanClass, Map.copyOf(flagMethods.methods()));
        }
    }

    void resolveUserSources(@Observes AfterDeploymentValidation adv, BeanManager beanManager) {
        if (priorityProblem != null) {
            adv.addDeploymentProblem(new DeploymentException(priorityProblem));
        }
        resolverPresent = !beanManager.getBeans(FlagUserResolver.class).isEmpty();
        principalPresent = !beanManager.getBeans(Principal.class).isEmpty();
    }

    /** The gated methods of a bean class; empty when it has none. */
    Map<Method, FlagMethod> methodsOf(Class<?> beanClass) {
        return Optional.ofNullable(beans.get(beanClass)).orElse(Map.of());
    }

    /** True the first time a flag key's evaluation error is reported in this application, false after. */
    boolean firstErrorOf(String flagKey) {
        return reportedErrors.add(flagKey);
    }

    boolean resolverPresent() {
        return resolverPresent;
    }

    boolean principalPresent() {
        return principalPresent;
    }

    boolean principalUsable() {
        return principalUsable;
    }

    /** The container's Principal bean failed: @FeatureFlag stops asking it in this application. */
    void principalUnusable(RuntimeException failure) {
        if (principalUsable) {
            principalUsable = false;
            LOG.info("FLAGBRIDGE-0111: the container offers a Principal bean but could not give the caller's "
                    + "principal (" + failure.getClass().getName() + ": " + failure.getMessage() + "); @FeatureFlag "
                    + "evaluations in this application use a @FlagUser parameter or a FlagUserResolver only");
        }
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FeatureFlagExtension.class.getClassLoader();
    }
}
