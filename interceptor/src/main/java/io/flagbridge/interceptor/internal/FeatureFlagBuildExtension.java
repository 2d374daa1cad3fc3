package io.flagbridge.interceptor.internal;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.build.compatible.spi.AnnotationBuilder;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import jakarta.enterprise.lang.model.declarations.MethodInfo;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.config.ConfigReader;

/**
 * The {@code @FeatureFlag} interceptor for containers that run no portable extension (Quarkus's ArC); Weld-based
 * containers skip it and run {@link FeatureFlagExtension}. It adds the interceptor at the configured priority, finds
 * every bean class with {@code @FeatureFlag} methods and reports their misuse with the portable extension's coded
 * messages, both at build time, and adds the beans that carry the gated methods to run time by class name: they are
 * read again from those classes, once, when the application starts ({@link GatedClasses}).
 */
@SkipIfPortableExtensionPresent(FeatureFlagExtension.class)
public class FeatureFlagBuildExtension implements BuildCompatibleExtension {

    private final Set<String> gatedClasses = new TreeSet<>();

    @Discovery
    public void discover(ScannedClasses scan) {
        scan.add(FeatureFlagInterceptor.class.getName());
    }

    @Enhancement(types = FeatureFlagInterceptor.class)
    public void priority(ClassConfig interceptor, Messages messages) {
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader()));
        Optional<String> configured = reader.string(ConfigKeys.INTERCEPTOR_PRIORITY);
        if (configured.isEmpty()) {
            return;
        }
        int priority;
        try {
            priority = Integer.parseInt(configured.get());
        } catch (NumberFormatException e) {
            messages.error(InterceptorMessages.priorityInvalid(configured.get(),
                    FeatureFlagInterceptor.DEFAULT_PRIORITY));
            return;
        }
        interceptor.removeAnnotation(annotation -> annotation.name().equals(Priority.class.getName()))
                .addAnnotation(AnnotationBuilder.of(Priority.class).value(priority).build());
    }

    @Registration(types = Object.class)
    public void gatedBeans(BeanInfo bean, Messages messages) {
        if (bean.isInterceptor() || !bean.isClassBean() || !declaresFlags(bean.declaringClass())) {
            return;
        }
        String name = bean.declaringClass().name();
        gatedClasses.add(name);
        Class<?> beanClass;
        try {
            beanClass = Class.forName(name, false, applicationLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // checked when the application starts, where it can be loaded
        }
        // With the members set in the configuration the build sees; the start checks them again with its own.
        MemberSettings settings = new MemberSettings(ConfigReader.of(ConfigProvider.getConfig(applicationLoader()))::string);
        FlagMethods.of(beanClass, settings).problems().forEach(problem -> messages.error(problem, bean));
    }

    /** Whether the class, a superclass or one of their methods carries {@code @FeatureFlag}. */
    private static boolean declaresFlags(ClassInfo type) {
        try {
            for (ClassInfo c = type; c != null; c = c.superClassDeclaration()) {
                if (c.hasAnnotation(FeatureFlag.class)) {
                    return true;
                }
            }
            for (MethodInfo method : type.methods()) {
                if (method.hasAnnotation(FeatureFlag.class)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException notInTheIndex) {
            // A superclass the container did not index: read the class itself when the application starts.
            return true;
        }
    }

    @Synthesis
    public void beans(SyntheticComponents components) {
        components.addBean(GatedMethods.class).type(GatedMethods.class).type(DeclaredFlags.class)
                .scope(Singleton.class).withParam(GatedClasses.CLASSES, gatedClasses.toArray(String[]::new))
                .createWith(GatedClasses.class);
        components.addBean(FeatureFlagGate.class).type(FeatureFlagGate.class).scope(Singleton.class)
                .createWith(GatedClasses.Gate.class);
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FeatureFlagBuildExtension.class.getClassLoader();
    }
}
