package io.flagbridge.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import jakarta.enterprise.inject.spi.Extension;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * One application on Weld SE, as a server would run it: its own MicroProfile Config (tied to a class loader of its
 * own, which is the thread context class loader while the container boots, as in a server) and FlagBridge's extension
 * and the others on the class path (read from {@code META-INF/services} here: Weld SE does not when discovery is off).
 * Several can run at once in one JVM.
 */
public final class WeldApp implements AutoCloseable {

    private final ClassLoader loader;
    private final Config config;
    private final WeldContainer container;

    private WeldApp(ClassLoader loader, Config config, WeldContainer container) {
        this.loader = loader;
        this.config = config;
        this.container = container;
    }

    /** Starts the application; throws what the container throws when the deployment fails. */
    public static WeldApp start(Map<String, String> properties, Class<?>... beanClasses) {
        return start(new URLClassLoader("weld-app", new URL[0], WeldApp.class.getClassLoader()), properties,
                beanClasses);
    }

    /**
     * Starts an application whose class loader does not see the classes of these packages (a server without, for
     * example, MicroProfile Health): loading one with it throws {@code ClassNotFoundException}.
     */
    public static WeldApp startWithout(List<String> hiddenPackages, Map<String, String> properties,
            Class<?>... beanClasses) {
        ClassLoader loader = new URLClassLoader("weld-app-without", new URL[0], WeldApp.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (hiddenPackages.stream().anyMatch(hidden -> name.startsWith(hidden + "."))) {
                    throw new ClassNotFoundException(name + " (hidden from this application)");
                }
                return super.loadClass(name, resolve);
            }
        };
        return start(loader, properties, beanClasses);
    }

    /** Starts the application with one more extension than those on the class path. */
    public static WeldApp startWith(Extension extension, Map<String, String> properties, Class<?>... beanClasses) {
        return start(new URLClassLoader("weld-app", new URL[0], WeldApp.class.getClassLoader()), properties,
                List.of(extension), beanClasses);
    }

    /**
     * Starts the application with these extensions only: none of the class path's (an application without, for
     * example, the test kit, whose extension is on the class path).
     */
    public static WeldApp startWithOnly(List<Extension> extensions, Map<String, String> properties,
            Class<?>... beanClasses) {
        return start(new URLClassLoader("weld-app-only", new URL[0], WeldApp.class.getClassLoader()), properties,
                extensions, false, beanClasses);
    }

    private static WeldApp start(ClassLoader loader, Map<String, String> properties, Class<?>... beanClasses) {
        return start(loader, properties, List.of(), beanClasses);
    }

    private static WeldApp start(ClassLoader loader, Map<String, String> properties, List<Extension> more,
            Class<?>... beanClasses) {
        return start(loader, properties, more, true, beanClasses);
    }

    private static WeldApp start(ClassLoader loader, Map<String, String> properties, List<Extension> more,
            boolean classPathExtensions, Class<?>... beanClasses) {
        Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        ConfigProviderResolver.instance().registerConfig(config, loader);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Weld weld = new Weld("weld-app-" + UUID.randomUUID()).disableDiscovery().addBeanClasses(beanClasses);
            if (classPathExtensions) {
                ServiceLoader.load(Extension.class, loader).forEach(weld::addExtension);
            }
            more.forEach(weld::addExtension);
            WeldContainer container = weld.initialize();
            return new WeldApp(loader, config, container);
        } catch (RuntimeException e) {
            ConfigProviderResolver.instance().releaseConfig(config);
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public <T> T select(Class<T> type) {
        return container.select(type).get();
    }

    /** The application's class loader: the context class loader of the threads it starts. */
    public ClassLoader loader() {
        return loader;
    }

    public WeldContainer container() {
        return container;
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

    /** The whole text of an exception and its causes, as a deployment log would show it. */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(describe(suppressed));
            }
        }
        return text.toString();
    }
}
