package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

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

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.runtime.FlagBridgeExtension;
import io.flagbridge.internal.runtime.ProcessedBeans;
import io.flagbridge.internal.users.CurrentUser;

/**
 * Registers the {@code @FeatureFlag} interceptor, reads and checks every {@code @FeatureFlag} method once, at
 * deployment (with its members set in MicroProfile Config, {@link MemberSettings}), and hands what it read to the
 * interceptors as the {@link FeatureFlagGate} bean. Containers without
 * portable extensions (Quarkus) run {@link FeatureFlagBuildExtension} instead.
 */
public class FeatureFlagExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(FeatureFlagExtension.class.getName());

    private final Map<Class<?>, Map<Method, FlagMethod>> beans = new ConcurrentHashMap<>();
    /** FlagBridge's requests and user beans, which this jar's bean archive need not see (Payara Server). */
    private final ProcessedBeans flagBridge = ProcessedBeans.of(Requests.class, CurrentUser.class);
    private volatile String priorityProblem;
    private volatile Config config;
    private volatile MemberSettings settings;

    void registerInterceptor(@Observes BeforeBeanDiscovery bbd) {
        config = ConfigProvider.getConfig(applicationLoader());
        ConfigReader reader = ConfigReader.of(config);
        settings = new MemberSettings(reader::string);
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
        FlagMethods flagMethods = FlagMethods.of(pmb.getAnnotatedBeanClass(), settings);
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

    /**
     * The gated methods as a bean, which FlagBridge checks the keys of when it starts (so that a misspelt key fails
     * the deployment with {@code local-only} flags), and the gate of the interceptors.
     */
    void addGate(@Observes AfterBeanDiscovery abd, BeanManager beanManager) {
        GatedMethods methods = new GatedMethods(beans);
        abd.addBean().beanClass(FeatureFlagExtension.class).types(GatedMethods.class, DeclaredFlags.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> methods);
        abd.addBean().beanClass(FeatureFlagExtension.class).types(FeatureFlagGate.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> new FeatureFlagGate(methods, flagBridge.get(Requests.class, beanManager),
                        flagBridge.get(CurrentUser.class, beanManager)));
    }

    void reportConfiguration(@Observes AfterDeploymentValidation adv) {
        List<String> problems = new ArrayList<>();
        if (priorityProblem != null) {
            problems.add(priorityProblem);
        }
        problems.addAll(settings.problems());
        List<String> names = new ArrayList<>();
        config.getPropertyNames().forEach(names::add); // an Iterable that SmallRye Config's may walk only once
        MemberSettings.unknownMembers(names).forEach(key -> problems.add(InterceptorMessages.unknownMember(key)));
        if (!problems.isEmpty()) {
            adv.addDeploymentProblem(FlagBridgeExtension.configurationProblem(problems));
            return;
        }
        settings.unused(names).forEach(key -> LOG.warning(InterceptorMessages.settingAppliesToNothing(key)));
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FeatureFlagExtension.class.getClassLoader();
    }
}
