package io.flagbridge.it.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.Http;
import io.flagbridge.it.support.TestApps;

/**
 * The test applications on Quarkus: this module's application, built once by its build in JVM mode
 * ({@code target/quarkus-app}), runs as a process of its own for each deployment, with the test application's
 * configuration as system properties. Each listens on a port of its own choosing on 127.0.0.1, so several builds may
 * run at once; its paths are those of the WAR's, at the root (Quarkus fixes its root path at build time). Its JVM
 * compiles with C1 only: these runs are short, and start faster so.
 * <p>
 * The one application holds the classes of every test application it serves, so where a check sees the whole
 * application, a test application gets what the others' classes need ({@link #FOR_THE_OTHERS}).
 */
final class QuarkusRuns implements AppServer {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:/]+:(\\d+)");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "quarkus-runs");
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Every application this JVM started: a test that fails before it undeploys leaves none running after it. */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "quarkus-runs-shutdown"));
    }

    private final Path application;
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    /** This module's application. */
    QuarkusRuns() {
        this(Path.of(System.getProperty("it.quarkus.app", "target/quarkus-app/quarkus-run.jar")));
    }

    /** @param application a Quarkus application's {@code quarkus-run.jar} */
    QuarkusRuns(Path application) {
        this.application = application;
    }

    /** A running application: its process, where it listens, and its console. */
    private record Run(Process process, String url, Path log) {
    }

    @Override
    public String name() {
        return "quarkus";
    }

    /**
     * Configuration that a test application gets here on top of its own: the local flags of {@code local-flags} are
     * those of its WAR (flags/simple.json) and the gated shop's, whose {@code @FeatureFlag} keys FlagBridge checks
     * against local-only flags when the application starts.
     */
    static final Map<String, Map<String, String>> FOR_THE_OTHERS = Map.of(TestApps.LOCAL,
            Map.of("configcat.overrides.resource", "flags/simple-and-shop.json"));

    @Override
    public void deploy(String app) {
        Map<String, String> config = new LinkedHashMap<>(TestApps.config(app));
        config.putAll(FOR_THE_OTHERS.getOrDefault(app, Map.of()));
        start(app, config);
    }

    /** As on Weld SE: the application runs from the first test that asks until it is undeployed. */
    @Override
    public void deployForClass(String app) {
        if (!running.containsKey(app)) {
            deploy(app);
        }
    }

    /**
     * Starts the application as {@code app}, with this configuration.
     *
     * @throws IllegalStateException with its console's output when it does not start
     */
    void start(String app, Map<String, String> config) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!Files.isRegularFile(application)) {
            throw new IllegalStateException("no Quarkus application at " + application + ": build it first");
        }
        command.addAll(List.of("-jar", application.toString()));
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(app + "-" + RUNS.incrementAndGet() + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            STARTED.add(process);
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    running.put(app, new Run(process, "http://127.0.0.1:" + listening.group(1) + "/", log));
                    return;
                }
                if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(app + " did not start (exit code " + process.exitValue()
                            + "):\n" + Files.readString(log));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException(app + " did not start within " + START + ":\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the application as a container stops it (SIGTERM: Quarkus's shutdown, FlagBridge's stop included). */
    @Override
    public void undeploy(String app) {
        Run run = running.remove(app);
        if (run == null) {
            return;
        }
        run.process().destroy();
        try {
            if (!run.process().waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
                run.process().destroyForcibly();
                throw new AssertionError(app + " did not stop within " + STOP + "; see " + run.log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String call(String app, String command, Map<String, String> parameters) {
        return Http.call(url(app), command, parameters);
    }

    @Override
    public Answer get(String app, String path) {
        return Http.get(url(app) + path);
    }

    /** Where a running application answers: {@code http://127.0.0.1:<port>/}. */
    String url(String app) {
        Run run = running.get(app);
        if (run == null) {
            throw new IllegalStateException(app + " is not running");
        }
        return run.url();
    }

    @Override
    public List<String> threadsOf(String app) {
        throw new UnsupportedOperationException(THREADS);
    }

    @Override
    public List<String> threadsOfEveryDeploymentOf(String app) {
        throw new UnsupportedOperationException(THREADS);
    }

    @Override
    public long lastThreadId() {
        throw new UnsupportedOperationException(THREADS);
    }

    @Override
    public List<String> allThreadsUpTo(long lastThreadId) {
        throw new UnsupportedOperationException(THREADS);
    }

    /** Why the scenarios that count an application's threads do not run here. */
    static final String THREADS = "each Quarkus application runs in a JVM of its own here, which ends with it: there "
            + "is no server whose threads an undeployed application could leave behind";
}
