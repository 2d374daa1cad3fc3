package io.flagbridge.it.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.it.app.FlagProbe;
import io.flagbridge.testing.WeldApp;

/**
 * Weld SE in the test JVM: a test application is the classes of its WAR and its configuration, each in a container
 * and a class loader of its own; calls go straight to the beans.
 */
public final class WeldServer implements AppServer {

    // Kept for the test JVM: a test may look at the threads of deployments that an earlier test of its class made.
    private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();
    private static final Map<String, List<ClassLoader>> EVERY_LOADER = new ConcurrentHashMap<>();

    private final Map<String, WeldApp> running = new ConcurrentHashMap<>();
    private final Map<String, List<Class<?>>> classes = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "weld";
    }

    @Override
    public void deploy(String app) {
        if (app.equals(TestApps.THREAD_PROBE)) {
            return; // the test JVM sees its threads directly
        }
        WebArchive archive = TestApps.archive(app);
        List<Class<?>> beanClasses = TestApps.classesOf(archive);
        WeldApp weldApp = WeldApp.start(TestApps.configOf(archive), beanClasses.toArray(Class<?>[]::new));
        running.put(app, weldApp);
        classes.put(app, beanClasses);
        LOADERS.put(app, weldApp.loader());
        EVERY_LOADER.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>()).add(weldApp.loader());
    }

    @Override
    public void deployForClass(String app) {
        if (!running.containsKey(app)) {
            deploy(app);
        }
    }

    /** Undeploys every application still deployed. */
    public void undeployAll() {
        running.keySet().forEach(this::undeploy);
    }

    @Override
    public void undeploy(String app) {
        WeldApp weldApp = running.remove(app);
        if (weldApp != null) {
            weldApp.close();
        }
    }

    @Override
    public String call(String app, String command, Map<String, String> parameters) {
        return running(app).select(FlagProbe.class).handle(command, parameters::get);
    }

    @Override
    public Answer get(String app, String path) {
        String[] pathAndQuery = path.split("\\?", 2);
        String[] segments = pathAndQuery[0].split("/");
        Map<String, String> query = new HashMap<>();
        if (pathAndQuery.length == 2) {
            for (String pair : pathAndQuery[1].split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                query.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
            }
        }
        // segments: application path, resource path, method path
        for (Class<?> resource : classes.get(app)) {
            Path resourcePath = resource.getAnnotation(Path.class);
            if (resourcePath == null || !resourcePath.value().equals(segments[1])) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                Path methodPath = method.getAnnotation(Path.class);
                if (method.isAnnotationPresent(GET.class) && methodPath != null
                        && methodPath.value().equals(segments[2])) {
                    return invoke(running(app).select(resource), method, query);
                }
            }
        }
        return new Answer(404, null, "no resource method for " + path);
    }

    private static Answer invoke(Object resource, Method method, Map<String, String> query) {
        Parameter[] parameters = method.getParameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = query.get(parameters[i].getAnnotation(QueryParam.class).value());
        }
        try {
            Produces produces = method.isAnnotationPresent(Produces.class) ? method.getAnnotation(Produces.class)
                    : method.getDeclaringClass().getAnnotation(Produces.class);
            return new Answer(200, produces == null ? null : produces.value()[0],
                    String.valueOf(method.invoke(resource, arguments)));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof FeatureDisabledException) {
                return Answer.text(404, "Not Found"); // what FeatureDisabledExceptionMapper answers
            }
            throw new AssertionError(method + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public List<String> threadsOf(String app) {
        return threadsWithLoaderIn(List.of(LOADERS.get(app)));
    }

    @Override
    public List<String> threadsOfEveryDeploymentOf(String app) {
        return threadsWithLoaderIn(EVERY_LOADER.getOrDefault(app, List.of()));
    }

    @Override
    public long lastThreadId() {
        return Thread.getAllStackTraces().keySet().stream().mapToLong(Thread::getId).max().orElse(0);
    }

    @Override
    public List<String> allThreadsUpTo(long lastThreadId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getId() <= lastThreadId).map(Thread::getName).sorted()
                .toList();
    }

    private static List<String> threadsWithLoaderIn(List<ClassLoader> appLoaders) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && appLoaders.stream()
                        .anyMatch(loader -> thread.getContextClassLoader() == loader))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    private WeldApp running(String app) {
        WeldApp weldApp = running.get(app);
        if (weldApp == null) {
            throw new IllegalStateException(app + " is not deployed");
        }
        return weldApp;
    }
}
