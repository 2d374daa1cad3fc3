package io.flagbridge.it.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.flagbridge.it.app.FlagProbe;
import io.flagbridge.testing.WeldApp;

/**
 * Weld SE in the test JVM: a test application is its bean classes and its configuration, each in a container and a
 * class loader of its own; calls go straight to the bean.
 */
public final class WeldServer implements AppServer {

    private final Map<String, WeldApp> running = new ConcurrentHashMap<>();
    private final Map<String, ClassLoader> loaders = new ConcurrentHashMap<>();

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
        WeldApp weldApp = WeldApp.start(TestApps.configOf(archive), FlagProbe.class);
        running.put(app, weldApp);
        loaders.put(app, weldApp.loader());
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
        WeldApp weldApp = running.get(app);
        if (weldApp == null) {
            throw new IllegalStateException(app + " is not deployed");
        }
        return weldApp.select(FlagProbe.class).handle(command, parameters::get);
    }

    @Override
    public List<String> threadsOf(String app) {
        ClassLoader loader = loaders.get(app);
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getContextClassLoader() == loader)
                .map(Thread::getName)
                .sorted()
                .toList();
    }
}
