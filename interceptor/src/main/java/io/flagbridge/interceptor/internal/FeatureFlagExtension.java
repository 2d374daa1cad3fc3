package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Decorator;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCatClient;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.client.FlagUses;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.runtime.FlagBridgeExtension;
import io.flagbridge.internal.runtime.ProcessedBeans;
import io.flagbridge.internal.users.CurrentUser;

/**
 * Registers the {@code @FeatureFlag} interceptor, reads and checks every {@code @FeatureFlag} method once, at
 * deployment, and hands what it read to the interceptors as the {@link FeatureFlagGate} bean.
 */
public class FeatureFlagExtension implements Extension {

    private final Map<Class<?>, Map<Method, FlagMethod>> beans = new ConcurrentHashMap<>();
    /** FlagBridge's client and user beans, which this jar's bean archive need not see (Payara Server). */
    private final ProcessedBeans flagBridge = ProcessedBeans.of(ConfigCatClient.class, CurrentUser.class);
    private volatile String priorityProblem;

    void registerInterceptor(@Observes BeforeBeanDiscovery bbd) {
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader()));
        Optional<String> configured = reader.string(ConfigKeys.INTERCEPTOR_PRIORITY);
        int priority = FeatureFlagInterceptor.DEFAULT_PRIORITY;
        if (configured.isPresent()) {
            try {
                priority = Integer.parseInt(configured.get());
            } catch (NumberFormatException e) {
                // Reported with the other configuration problems, when deployment is validated.
                priorityProblem = InterceptorMessages.priorityInvalid(configured.get(),
                        FeatureFlagInterceptor.DEFAULT_PRIORITY);
            }
        }
        bbd.addAnnotatedType(FeatureFlagInterceptor.class, FeatureFlagInterceptor.class.getName())
                .remove(a -> a.annotationType() == Priority.class)
                .add(new PriorityLiteral(priority));
    }

    void noteFlagBridgeBeans(@Observes ProcessBean<?> event) {
        flagBridge.offer(event.getBean());
    }

    void readFlagMethods(@Observes ProcessManagedBean<?> pmb) {
        if (pmb.getBean() instanceof Interceptor || pmb.getBean() instanceof Decorator) {
            return; // the interceptor carries the binding itself; neither kind is intercepted
        }
        FlagMethods flagMethods = FlagMethods.of(pmb.getAnnotatedBeanClass());
        if (!flagMethods.problems().isEmpty()) {
            // One line per misuse, no stack trace: the message names the class and the method already.
            DefinitionException misuse = new DefinitionException(String.join("\n", flagMethods.problems()));
            misuse.setStackTrace(new StackTraceElement[0]);
            pmb.addDefinitionError(misuse);
        }
        if (flagMethods.problems().isEmpty() && !flagMethods.methods().isEmpty()) {
            beans.put(pmb.getAnnotatedBeanClass().getJavaClass(), Map.copyOf(flagMethods.methods()));
        }
    }

    void addGate(@Observes AfterBeanDiscovery abd, BeanManager beanManager) {
        Map<Class<?>, Map<Method, FlagMethod>> methods = Map.copyOf(beans);
        abd.addBean().beanClass(FeatureFlagExtension.class).types(FeatureFlagGate.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> new FeatureFlagGate(methods, flagBridge.get(ConfigCatClient.class, beanManager),
                        flagBridge.get(CurrentUser.class, beanManager)));
    }

    /**
     * Before FlagBridge's own validation (default priority): it checks these keys against the flags, so that a
     * misspelt key fails the deployment with {@code local-only} flags. An event, not a call of FlagBridge's extension:
     * the container may not let this jar's archive see that extension (Payara Server).
     */
    void reportFlagUses(
            @Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE) AfterDeploymentValidation adv,
            BeanManager beanManager) {
        List<FlagUse> uses = beans.values().stream().flatMap(methods -> methods.values().stream())
                .map(method -> new FlagUse(method.key(), FlagUse.Kind.GATE, "@FeatureFlag on " + method.description()))
                .distinct()
                .sorted(Comparator.comparing(FlagUse::where)).toList();
        beanManager.getEvent().select(FlagUses.class).fire(new FlagUses(uses));
    }

    void reportPriority(@Observes AfterDeploymentValidation adv) {
        if (priorityProblem != null) {
            adv.addDeploymentProblem(FlagBridgeExtension.configurationProblem(List.of(priorityProblem)));
        }
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FeatureFlagExtension.class.getClassLoader();
    }
}
