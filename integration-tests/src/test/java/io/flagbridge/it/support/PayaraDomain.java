package io.flagbridge.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Payara Server of the {@code payara} execution: the domain {@code flagbridgeIT} of the distribution Maven
 * unpacked ({@code payara.home}), a copy of its {@code domain1} with every port moved to 28000 + Payara's offset
 * (admin 28048, HTTP 28080), so that it clashes with neither WildFly (8080, 9990) nor Open Liberty (9080, 9443), and
 * its heap at domain1's 512 MB.
 * Started with {@code asadmin start-domain} once per test JVM, before Arquillian's remote adapter connects, and stopped
 * with {@code asadmin stop-domain} when Arquillian stops its container. A watchdog process stops the server when the
 * test JVM ends without that (killed, crashed), and a start first stops a server of this domain that an earlier run
 * left running.
 */
public final class PayaraDomain {

    public static final String NAME = "flagbridgeIT";

    /** Ports of the distribution's domain1 and this domain's: each must be found exactly once in domain.xml. */
    private static final Map<String, String> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put("start-port=\"5900\" das-port=\"4900\"", "start-port=\"28059\" das-port=\"28049\"");
        PORTS.put("name=\"JMS_PROVIDER_PORT\" value=\"7676\"", "name=\"JMS_PROVIDER_PORT\" value=\"28076\"");
        PORTS.put("port=\"3700\"", "port=\"28037\"");
        PORTS.put("port=\"3820\"", "port=\"28038\"");
        PORTS.put("port=\"3920\"", "port=\"28039\"");
        PORTS.put("port=\"8686\"", "port=\"28086\"");
        PORTS.put("address=9009\"", "address=28009\"");
        // The demo sends its Segment messages to itself: it needs the server's HTTP port.
        PORTS.put("-Dosgi.shell.telnet.port=6666</jvm-options>",
                "-Dosgi.shell.telnet.port=28066</jvm-options><jvm-options>-Ddemo.http.port=28080</jvm-options>");
        PORTS.put("port=\"8080\"", "port=\"28080\"");
        PORTS.put("port=\"8181\"", "port=\"28081\"");
        PORTS.put("port=\"4848\"", "port=\"28048\"");
    }

    private static PayaraDomain started;

    private final Path home;
    private final Path domain;
    private Process watchdog;

    private PayaraDomain(Path home) {
        this.home = home;
        this.domain = home.resolve("glassfish/domains/" + NAME);
    }

    /** The domain of {@code payara.home}, started once per JVM; later calls return it. */
    public static synchronized PayaraDomain start() {
        if (started == null) {
            String home = System.getProperty("payara.home");
            if (home == null || home.isBlank()) {
                throw new IllegalStateException("system property payara.home is not set (the POM's payara execution "
                        + "sets it)");
            }
            PayaraDomain domain = new PayaraDomain(Path.of(home).toAbsolutePath());
            domain.launch();
            started = domain;
        }
        return started;
    }

    /** Stops the domain started by {@link #start()}, if any. */
    public static synchronized void stop() {
        if (started != null) {
            try {
                started.shutdown();
            } finally {
                started = null;
            }
        }
    }

    /** The server's log file (server.log of the domain). */
    public static Path log() {
        return Path.of(System.getProperty("payara.home"), "glassfish/domains", NAME, "logs/server.log");
    }

    private void launch() {
        stopOrphan();
        create();
        asadmin(Duration.START, "start-domain", NAME);
        long pid = serverPid().orElseThrow(() -> new IllegalStateException("Payara started but wrote no pid file in "
                + domain.resolve("config")));
        watchdog = startWatchdog(pid);
        Runtime.getRuntime().addShutdownHook(new Thread(PayaraDomain::stop, "payara-domain-stop"));
    }

    private void shutdown() {
        Optional<Long> pid = serverPid();
        try {
            asadmin(Duration.STOP, "stop-domain", NAME);
        } finally {
            // stop-domain waits for the server's end; a server that outlived it anyway is killed.
            pid.flatMap(ProcessHandle::of).ifPresent(PayaraDomain::kill);
            if (watchdog != null) {
                watchdog.destroy();
            }
        }
    }

    /**
     * The domain, made afresh at each start (an earlier run's applications, left deployed when it was killed, would
     * start again): domain1 copied, its ports moved. The last run's domain stays until then, for its logs.
     */
    private void create() {
        Path template = home.resolve("glassfish/domains/domain1");
        // Made beside it and moved in whole: a half-made domain is never taken for one.
        Path making = domain.resolveSibling(NAME + ".making");
        Path config = making.resolve("config/domain.xml");
        try {
            delete(making);
            delete(domain);
            copy(template, making);
            String xml = Files.readString(config, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> port : PORTS.entrySet()) {
                int at = xml.indexOf(port.getKey());
                if (at < 0 || xml.indexOf(port.getKey(), at + 1) >= 0) {
                    throw new IllegalStateException(template + "/config/domain.xml has not exactly one "
                            + port.getKey() + ": another Payara version? Check PayaraDomain's ports");
                }
                xml = xml.replace(port.getKey(), port.getValue());
            }
            Files.writeString(config, xml, StandardCharsets.UTF_8);
            Files.move(making, domain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make Payara's domain " + domain, e);
        }
    }

    /** A server of this domain that an earlier run left (its JVM was killed before it could stop it). */
    private void stopOrphan() {
        serverPid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(home.toString()))
                        .orElse(false))
                .ifPresent(orphan -> {
                    System.out.printf("[payara] stopping the server an earlier run left: pid %d%n", orphan.pid());
                    try {
                        asadmin(Duration.STOP, "stop-domain", NAME);
                    } catch (RuntimeException e) {
                        System.out.println("[payara] stop-domain failed: " + e.getMessage());
                    }
                    kill(orphan);
                });
    }

    private Optional<Long> serverPid() {
        Path file = domain.resolve("config/pid");
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).strip()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A shell that stops the server when this JVM is gone; it ignores the terminal's interrupt, so that a Ctrl-C of
     * the build that ends this JVM does not end the watchdog first.
     */
    private static Process startWatchdog(long serverPid) {
        String script = "trap '' INT HUP; while kill -0 " + ProcessHandle.current().pid()
                + " 2>/dev/null; do sleep 2; done; kill " + serverPid + " 2>/dev/null; sleep 20; kill -9 " + serverPid
                + " 2>/dev/null";
        try {
            return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of Payara", e);
        }
    }

    private static void kill(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private enum Duration {
        START(300),
        STOP(120);

        final int seconds;

        Duration(int seconds) {
            this.seconds = seconds;
        }
    }

    private void asadmin(Duration limit, String... arguments) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        Path log = home.resolve("asadmin-" + arguments[0] + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(limit.seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " took over "
                        + limit.seconds + " s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " failed ("
                        + process.exitValue() + "): " + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
