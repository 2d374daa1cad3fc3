package io.flagbridge.it.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployer;

/**
 * A managed WildFly or Open Liberty that Arquillian started; test applications are deployed through its
 * {@link Deployer} and called over HTTP on 127.0.0.1.
 */
public final class ArquillianServer implements AppServer {

    // An application's class loader as its own code prints it: its threads' context class loaders name it. Kept for
    // the test JVM (a test may look at the threads of deployments that an earlier test of its class made).
    private static final Map<String, String> LOADERS = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> EVERY_LOADER = new ConcurrentHashMap<>();

    private final Deployer deployer;
    private final String name = System.getProperty("it.server");
    private final String baseUrl = "http://127.0.0.1:" + System.getProperty("it.http.port") + "/";

    private final Set<String> deployedForClass;

    /**
     * @param deployedForClass the applications deployed for the running test class by {@link #deployForClass}
     */
    public ArquillianServer(Deployer deployer, Set<String> deployedForClass) {
        this.deployer = deployer;
        this.deployedForClass = deployedForClass;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deploy(String app) {
        deployer.deploy(app);
        if (!app.equals(TestApps.THREAD_PROBE)) {
            String loader = call(app, "loader", Map.of());
            LOADERS.put(app, loader);
            EVERY_LOADER.computeIfAbsent(app, a -> new CopyOnWriteArrayList<>()).add(loader);
        }
    }

    @Override
    public void deployForClass(String app) {
        if (deployedForClass.add(app)) {
            try {
                deploy(app);
            } catch (RuntimeException | Error e) {
                deployedForClass.remove(app);
                throw e;
            }
        }
    }

    @Override
    public void undeploy(String app) {
        deployedForClass.remove(app);
        deployer.undeploy(app);
    }

    @Override
    public String call(String app, String command, Map<String, String> parameters) {
        return Http.call(baseUrl + app + "/", command, parameters);
    }

    @Override
    public Answer get(String app, String path) {
        return Http.get(baseUrl + app + "/" + path);
    }

    @Override
    public List<String> threadsOf(String app) {
        String loader = LOADERS.get(app);
        if (loader == null) {
            throw new IllegalStateException(app + " was not deployed by this test");
        }
        return threadsWithLoaderIn(List.of(loader));
    }

    @Override
    public List<String> threadsOfEveryDeploymentOf(String app) {
        return threadsWithLoaderIn(EVERY_LOADER.getOrDefault(app, List.of()));
    }

    @Override
    public long lastThreadId() {
        return probe().mapToLong(ProbedThread::id).max().orElse(0);
    }

    @Override
    public List<String> allThreadsUpTo(long lastThreadId) {
        return probe().filter(thread -> thread.id() <= lastThreadId).map(ProbedThread::name).sorted().toList();
    }

    private List<String> threadsWithLoaderIn(List<String> appLoaders) {
        return probe().filter(thread -> appLoaders.stream().anyMatch(thread.loader()::contains))
                .map(ProbedThread::name)
                .sorted()
                .toList();
    }

    /** A live thread as thread-probe.war lists it. */
    private record ProbedThread(long id, String name, String loader) {
    }

    /** The server's live threads; thread-probe.war must be deployed. */
    private Stream<ProbedThread> probe() {
        // One a line: ID|name|context class loader.
        return Http.ok(baseUrl + TestApps.THREAD_PROBE + "/threads").lines().map(line -> {
            int id = line.indexOf('|');
            int name = line.indexOf('|', id + 1);
            return new ProbedThread(Long.parseLong(line.substring(0, id)), line.substring(id + 1, name),
                    line.substring(name + 1));
        });
    }
}
