package io.flagbridge.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on {@code 127.0.0.1} that imitates the ConfigCat CDN for integration tests.
 *
 * <p>
 * It answers {@code GET /configuration-files/{sdkKey}/config_v6.json} with the JSON last given to
 * {@link #serve(String, String)} for that SDK key, and 404 for keys it does not know. Every 200 answer
 * carries a strong {@code ETag} derived from the body; a request whose {@code If-None-Match} matches
 * it is answered {@code 304 Not Modified} with no body, as the real CDN does. The server can be told to
 * fail ({@link #failWith(int)}), to answer garbage ({@link #serveGarbage()}), to hold its answers
 * ({@link #hold()}), or be stopped and
 * started again on the same port ({@link #stop()}, {@link #restart()}).
 *
 * <p>
 * Instances are thread-safe. Handlers run on a small pool of daemon threads named
 * {@code fake-configcat-cdn-PORT-N}; {@link #close()} stops the server and that pool. (The JDK server
 * also runs its own {@code HTTP-Dispatcher} thread while listening; {@link #stop()} ends it.)
 */
public final class FakeConfigCatCdn implements AutoCloseable {

    private static final Pattern CONFIG_PATH = Pattern.compile("^/configuration-files/(.+)/config_v6\\.json$");
    private static final String GARBAGE_BODY = "{\"p\": this is not json";
    private static final int HANDLER_THREADS = 2;
    private static final String THREAD_PREFIX = "fake-configcat-cdn-";

    private final InetSocketAddress address;
    private final ExecutorService executor;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch gate; // while set, answers wait for release()
    private final Map<String, AtomicInteger> notModifiedCounts = new ConcurrentHashMap<>();
    private final AtomicReference<Fault> fault = new AtomicReference<>();
    private final Object lifecycle = new Object();
    private HttpServer server; // guarded by lifecycle; null while stopped

    private FakeConfigCatCdn() throws IOException {
        HttpServer first = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.address = first.getAddress();
        this.executor = Executors.newFixedThreadPool(HANDLER_THREADS,
                daemonThreads(THREAD_PREFIX + address.getPort() + "-"));
        this.server = serveOn(first);
    }

    /**
     * Starts a fake CDN on {@code 127.0.0.1} on an ephemeral port.
     *
     * @return the running server
     * @throws UncheckedIOException if no port could be bound
     */
    public static FakeConfigCatCdn start() {
        try {
            return new FakeConfigCatCdn();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fake ConfigCat CDN", e);
        }
    }

    /**
     * The URL to give the SDK as its base URL, such as {@code http://127.0.0.1:41234}. It stays the
     * same across {@link #stop()} and {@link #restart()}.
     *
     * @return the base URL, without a trailing slash
     */
    public String baseUrl() {
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    /**
     * Sets the config JSON served for an SDK key, replacing any earlier one. The ETag changes only
     * if the JSON does.
     *
     * @param sdkKey the SDK key as the client sends it in the path
     * @param json the config_v6 JSON to serve
     */
    public void serve(String sdkKey, String json) {
        documents.put(Objects.requireNonNull(sdkKey, "sdkKey"), Document.of(json));
    }

    /**
     * Makes every config request, for any key, answer the given HTTP status with a short text body,
     * until {@link #recover()} is called.
     *
     * @param status the HTTP error status to answer, 400 to 599, such as 500 or 503
     */
    public void failWith(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("unsupported status: " + status);
        }
        fault.set(new Fault(status, "fake CDN failure " + status));
    }

    /**
     * Makes every config request answer {@code 200} with a body that is not valid JSON, until
     * {@link #recover()} is called.
     */
    public void serveGarbage() {
        fault.set(new Fault(200, GARBAGE_BODY));
    }

    /**
     * Holds every answer for {@code delay} before it is sent (a CDN far away); {@link Duration#ZERO} ends it.
     *
     * @param delay how long each answer waits
     */
    public void slow(Duration delay) {
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /**
     * Holds every answer until {@link #release()} (a CDN that takes its time: the client has no config data and no
     * error meanwhile). An answer is never held longer than 30 seconds, nor after {@link #close()}.
     */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held answers and later ones go at once. */
    public void release() {
        CountDownLatch held = gate;
        gate = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Undoes {@link #failWith(int)} and {@link #serveGarbage()}: configs are served again. */
    public void recover() {
        fault.set(null);
    }

    /**
     * How many config requests were received for an SDK key, whatever they were answered.
     *
     * @param sdkKey the SDK key
     * @return the number of requests so far
     */
    public int requests(String sdkKey) {
        return count(requestCounts, sdkKey);
    }

    /**
     * How many config requests for an SDK key were answered {@code 304 Not Modified}.
     *
     * @param sdkKey the SDK key
     * @return the number of 304 answers so far
     */
    public int notModifiedResponses(String sdkKey) {
        return count(notModifiedCounts, sdkKey);
    }

    /**
     * Stops listening and drops open connections, so that clients get connection errors. The port
     * stays reserved for {@link #restart()}. Does nothing if already stopped.
     */
    public void stop() {
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    /**
     * Listens again on the same address and port, keeping the served configs and counters. A
     * running server is stopped first.
     *
     * @throws UncheckedIOException if the port has been taken meanwhile
     */
    public void restart() {
        synchronized (lifecycle) {
            stop();
            try {
                server = serveOn(HttpServer.create(address, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rebind the fake ConfigCat CDN to " + baseUrl(), e);
            }
        }
    }

    /** Stops the server and its handler threads. */
    @Override
    public void close() {
        release();
        stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private HttpServer serveOn(HttpServer bound) {
        bound.setExecutor(executor);
        bound.createContext("/", this::handle);
        bound.start();
        return bound;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = CONFIG_PATH.matcher(exchange.getRequestURI().getPath());
            if (!matcher.matches()) {
                respond(exchange, 404, null, "not found");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, null, "method not allowed");
                return;
            }
            String sdkKey = matcher.group(1);
            requestCounts.computeIfAbsent(sdkKey, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch held = gate;
            if (held != null) {
                try {
                    held.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Duration wait = delay;
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }

            Fault currentFault = fault.get();
            Document document = documents.get(sdkKey);
            if (currentFault != null) {
                respond(exchange, currentFault.status(), null, currentFault.body());
            } else if (document == null) {
                respond(exchange, 404, null, "unknown SDK key");
            } else if (document.matches(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModifiedCounts.computeIfAbsent(sdkKey, k -> new AtomicInteger()).incrementAndGet();
                exchange.getResponseHeaders().set("ETag", document.etag());
                exchange.sendResponseHeaders(304, -1);
            } else {
                respond(exchange, 200, document.etag(), document.json());
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String etag, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean json = status == 200;
        exchange.getResponseHeaders().set("Content-Type",
                json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int count(Map<String, AtomicInteger> counts, String sdkKey) {
        AtomicInteger counter = counts.get(sdkKey);
        return counter == null ? 0 : counter.get();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger sequence = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A served config with its strong, quoted entity tag. */
    private record Document(String json, String etag) {

        static Document of(String json) {
            Objects.requireNonNull(json, "json");
            return new Document(json, "\"" + sha256Prefix(json) + "\"");
        }

        /** True if an {@code If-None-Match} value names this document (weak comparison). */
        boolean matches(String ifNoneMatch) {
            if (ifNoneMatch == null) {
                return false;
            }
            String mine = etag.substring(1, etag.length() - 1);
            return Arrays.stream(ifNoneMatch.split(","))
                    .map(String::trim)
                    .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                    .map(tag -> tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                            ? tag.substring(1, tag.length() - 1)
                            : tag)
                    .anyMatch(tag -> tag.equals("*") || tag.equals(mine));
        }

        private static String sha256Prefix(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }
    }

    /** A forced answer that replaces normal serving. */
    private record Fault(int status, String body) {
    }
}
