package io.flagbridge.test.internal;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionTarget;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * One test class's Weld SE container, as a server would run its application: a class loader of its own (the thread
 * context class loader while it boots) with its own MicroProfile Config from the class path's sources, the listed
 * beans and every CDI extension of the class path. Several run at once in one JVM.
 */
final class WeldBoot implements AutoCloseable {

    private final ClassLoader loader;
    private final Config config;
    private final WeldContainer container;
    private final Optional<Object> request;

    private WeldBoot(ClassLoader loader, Config config, WeldContainer container, Optional<Object> request) {
        this.loader = loader;
        this.config = config;
        this.container = container;
        this.request = request;
    }

    static WeldBoot start(Class<?> testClass, Class<?>... beans) {
        ClassLoader parent = testClass.getClassLoader();
        ClassLoader loader = new URLClassLoader("flagbridge-test-" + testClass.getSimpleName(), new URL[0], parent);
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        Config config = resolver.getBuilder().forClassLoader(loader).addDefaultSources().addDiscoveredSources()
                .addDiscoveredConverters().build();
        resolver.registerConfig(config, loader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Weld weld = new Weld("flagbridge-test-" + UUID.randomUUID()).disableDiscovery().addBeanClasses(beans)
                    .property("org.jboss.weld.se.shutdownHook", false);
            ServiceLoader.load(Extension.class, loader).forEach(weld::addExtension);
            // The kit's request only where the Servlet API is: its class names it.
            Optional<Object> request = visible(KitRequestExtension.SERVLET_API, loader) ? Optional.of(
                    new KitRequestExtension()) : Optional.empty();
            request.ifPresent(extension -> weld.addExtension((Extension) extension));
            return new WeldBoot(loader, config, weld.initialize(), request);
        } catch (RuntimeException | Error e) {
            resolver.releaseConfig(config);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The kit's request (a {@code KitRequest}), where the Servlet API is on the class path. */
    Optional<io.flagbridge.test.TestRequest> request() {
        return request.map(extension -> ((KitRequestExtension) extension).request());
    }

    private static boolean visible(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    Kit kit() {
        return container.select(Kit.class).get();
    }

    /** Injects the container's beans into the test instance's {@code @Inject} fields and methods. */
    @SuppressWarnings("unchecked")
    <T> CreationalContext<T> inject(T instance) {
        BeanManager beanManager = container.getBeanManager();
        Class<T> type = (Class<T>) instance.getClass();
        InjectionTarget<T> target = beanManager.getInjectionTargetFactory(beanManager.createAnnotatedType(type))
                .createInjectionTarget(null);
        CreationalContext<T> context = beanManager.createCreationalContext(null);
        target.inject(instance, context);
        return context;
    }

    RequestContextController requestContext() {
        return container.select(RequestContextController.class).get();
    }

    @Override
    public void close() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            container.shutdown();
        } finally {
            thread.setContextClassLoader(previous);
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }
}
