package io.flagbridge.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-process stand-in for the Segment tracking API, for tests of code that uses
 * {@code com.segment.analytics.java:analytics}.
 *
 * <p>
 * It is a real HTTP server ({@code com.sun.net.httpserver}) bound to {@code 127.0.0.1} on an
 * ephemeral port. It accepts {@code POST /v1/import/} (where analytics-java 3.5.4 posts when
 * configured with {@code Analytics.builder(key).endpoint(fake.baseUrl())}) and {@code POST
 * /v1/batch}, each with or without a trailing slash. Bodies may be plain or gzip-encoded
 * ({@code Content-Encoding: gzip}); analytics-java 3.5.4 sends plain JSON.
 *
 * <p>
 * The write key of a request is taken from a {@code Authorization: Basic} header if there is one
 * (user name = write key, as Segment's HTTP API documents), otherwise from the {@code writeKey}
 * field of the batch body (analytics-java 3.5.4 sends no {@code Authorization} header; it puts the
 * key in the body). If {@link #expectWriteKey(String)} was called, a request with another key, or
 * none, is answered {@code 401}.
 *
 * <p>
 * Every message of every batch answered {@code 200} is recorded as a Gson {@link JsonObject}.
 * Every request, whatever its answer, is counted and summarised as a {@link ReceivedRequest}.
 *
 * <p>
 * Behaviour can be switched at any time from any thread: {@link #healthy()}, {@link
 * #failWith500()}, {@link #failWithStatus(int)}, {@link #rateLimit(Duration)}, {@link
 * #answerEmpty200()}, {@link #slow(Duration)}, {@link #stop()} and {@link #restart()} (same port).
 *
 * <p>
 * Requests are handled on daemon threads named {@code fake-segment-<port>-<n>}. The JDK's own
 * {@code HTTP-Dispatcher} thread lives while the server runs and ends on {@link #stop()} or {@link
 * #close()}.
 *
 * <pre>{@code
 * try (FakeSegment fake = FakeSegment.start()) {
 *     Analytics analytics = Analytics.builder("key").endpoint(fake.baseUrl()).build();
 *     analytics.enqueue(TrackMessage.builder("Flag Evaluated").userId("u1"));
 *     analytics.flush();
 *     List<JsonObject> got = fake.awaitMessages(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeSegment implements AutoCloseable {

    /** The path analytics-java 3.5.4 posts batches to when given a host with {@code endpoint(..)}. */
    public static final String IMPORT_PATH = "/v1/import/";

    /** The documented batch path of Segment's HTTP tracking API, also accepted. */
    public static final String BATCH_PATH = "/v1/batch";

    private static final Set<String> ACCEPTED_PATHS = Set.of("/v1/import", "/v1/import/", "/v1/batch", "/v1/batch/");
    private static final String SUCCESS = "{\"success\":true}";
    private static final int SUMMARY_LIMIT = 20;

    /** What the server currently answers; immutable, swapped atomically. */
    private record Behaviour(Kind kind, int status, long retryAfterSeconds) {
        static final Behaviour HEALTHY = new Behaviour(Kind.HEALTHY, 200, 0);
    }

    private enum Kind {
        HEALTHY,
        EMPTY_200,
        FAIL,
        RATE_LIMITED
    }

    /**
     * A summary of one HTTP request the server received.
     *
     * @param method the HTTP method
     * @param path the request path, without query
     * @param userAgent the {@code User-Agent} header, or {@code null}
     * @param contentType the {@code Content-Type} header, or {@code null}
     * @param contentEncoding the {@code Content-Encoding} header, or {@code null}
     * @param authorization the raw {@code Authorization} header, or {@code null}
     * @param writeKey the write key found (Basic user name, else body {@code writeKey}), or {@code
     *     null}
     * @param bodyBytes the size of the decoded (un-gzipped) body in bytes
     * @param messageCount the number of entries in the body's {@code batch} array (0 if unparsable)
     * @param status the status code answered, or {@code -1} if the answer was abandoned (server
     *        stopped or closed during a {@link #slow(Duration) delay})
     * @param receivedAtNanos when it arrived ({@link System#nanoTime()})
     */
    public record ReceivedRequest(
            String method,
            String path,
            String userAgent,
            String contentType,
            String contentEncoding,
            String authorization,
            String writeKey,
            int bodyBytes,
            int messageCount,
            int status,
            long receivedAtNanos) {
    }

    private final int port;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<JsonObject> messages = new ArrayList<>();
    private final List<JsonObject> batches = new ArrayList<>();
    private final List<ReceivedRequest> requests = new ArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicLong requestsEver = new AtomicLong();
    private final AtomicLong bodyBytesEver = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();

    private volatile Behaviour behaviour = Behaviour.HEALTHY;
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private volatile Refusal refused;
    private volatile boolean discardBodies;
    private volatile boolean dedupeByMessageId;
    private final Set<String> seenMessageIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicates = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile Slowdown slowdown;
    private volatile String expectedWriteKey;
    private volatile String lastWriteKey;

    // guarded by "this"
    private HttpServer server;
    private ExecutorService handlers;
    private boolean closed;

    private FakeSegment(int requestedPort) {
        HttpServer first = bind(requestedPort);
        this.port = first.getAddress().getPort();
        launch(first);
    }

    /**
     * For benchmarks: read each batch and answer {@code 200} without parsing or recording it (nothing is then seen
     * by {@link #messages()} or {@link #requests()}). A real Segment parses on its own machines; on a 2-core test
     * machine the fake's parsing takes CPU from the client being measured.
     *
     * @return this server
     */
    public FakeSegment discardBodies() {
        discardBodies = true;
        return this;
    }

    /**
     * Keeps only the first message of each {@code messageId}, as Segment does (it deduplicates on it across sources
     * and workspaces for about a day); the others are counted in {@link #duplicates()}.
     *
     * @return this server
     */
    public FakeSegment dedupeByMessageId() {
        dedupeByMessageId = true;
        return this;
    }

    /** Requests received since the start, {@link #clear()} or not (also with {@link #discardBodies()}). */
    public long requestsEver() {
        return requestsEver.get();
    }

    /** Bytes of request bodies received since the start, {@link #clear()} or not. */
    public long bodyBytesEver() {
        return bodyBytesEver.get();
    }

    /** Messages dropped as duplicates of an earlier {@code messageId} (with {@link #dedupeByMessageId()}). */
    public int duplicates() {
        return duplicates.get();
    }

    /**
     * Starts a healthy server on {@code 127.0.0.1} and an ephemeral port.
     *
     * @return the running server; close it when done
     * @throws UncheckedIOException if the server cannot be bound
     */
    public static FakeSegment start() {
        return new FakeSegment(0);
    }

    /**
     * Makes the server answer {@code 401} to every request whose write key (Basic user name, or the
     * body's {@code writeKey}) is not {@code writeKey}; {@code null} turns the check off (default).
     *
     * @param writeKey the only write key to accept, or {@code null} to accept any
     * @return this server
     */
    public FakeSegment expectWriteKey(String writeKey) {
        this.expectedWriteKey = writeKey;
        return this;
    }

    /**
     * The base URL to hand to {@code Analytics.Builder.endpoint(..)}: {@code http://127.0.0.1:<port>},
     * without a trailing slash (analytics-java appends {@code /v1/import/} itself, and a trailing
     * slash here would give {@code //v1/import/}).
     *
     * @return the base URL
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * The full upload URL, {@code baseUrl() + "/v1/import/"}, for {@code
     * Analytics.Builder.setUploadURL(..)}.
     *
     * @return the upload URL
     */
    public String uploadUrl() {
        return baseUrl() + IMPORT_PATH;
    }

    /**
     * The port, fixed for the life of this object (kept across {@link #stop()} and {@link
     * #restart()}).
     *
     * @return the TCP port
     */
    public int port() {
        return port;
    }

    // ---------------------------------------------------------------- behaviour switches

    /**
     * Back to normal: answer {@code 200 {"success":true}} with no delay, and start the server again
     * if it was {@linkplain #stop() stopped}.
     *
     * @return this server
     * @throws IllegalStateException if this server was closed
     * @throws UncheckedIOException if it was stopped and the port cannot be bound again
     */
    public FakeSegment healthy() {
        behaviour = Behaviour.HEALTHY;
        delay = Duration.ZERO;
        slowdown = null;
        restart();
        return this;
    }

    /**
     * Answer {@code 500} to every request; nothing is recorded.
     *
     * @return this server
     */
    public FakeSegment failWith500() {
        return failWithStatus(500);
    }

    /**
     * Answer the given status (for example 400, 413 or 503) with body {@code {"success":false}} to
     * every request; nothing is recorded.
     *
     * @param status an HTTP status from 300 to 599
     * @return this server
     * @throws IllegalArgumentException if the status is outside 300..599
     */
    public FakeSegment failWithStatus(int status) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("status must be 300..599: " + status);
        }
        behaviour = new Behaviour(Kind.FAIL, status, 0);
        return this;
    }

    /**
     * Answer {@code 429} with a {@code Retry-After} header (whole seconds, rounded up) to every
     * request; nothing is recorded.
     *
     * @param retryAfter the value to put in {@code Retry-After}
     * @return this server
     */
    public FakeSegment rateLimit(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        long seconds = Math.max(0, (retryAfter.toMillis() + 999) / 1000);
        behaviour = new Behaviour(Kind.RATE_LIMITED, 429, seconds);
        return this;
    }

    /**
     * Answers the next request with {@code status} (and a {@code Retry-After} header when it is not null), before the
     * standing behaviour; several calls queue several answers, used in order. Nothing is recorded for them.
     *
     * @param status an HTTP status from 300 to 599
     * @param retryAfter the {@code Retry-After} value (seconds or an HTTP date), or {@code null}
     * @return this server
     */
    public FakeSegment answerNext(int status, String retryAfter) {
        if (status < 300 || status > 599) {
            throw new IllegalArgumentException("status must be 300..599: " + status);
        }
        scripted.add(new Answer(status, "{\"success\":false}", retryAfter));
        return this;
    }

    /**
     * Answers the next request with {@code status} and these headers (a redirect's {@code Location}, say), before the
     * standing behaviour. Nothing is recorded for it.
     *
     * @return this server
     */
    public FakeSegment answerNextWithHeaders(int status, Map<String, String> headers) {
        scripted.add(new Answer(status, "{\"success\":false}", null, Map.copyOf(headers)));
        return this;
    }

    /**
     * Refuses, with {@code status} (Segment answers 400 or 413), every batch that holds a message the test matches;
     * other batches are taken as usual.
     *
     * @return this server
     */
    public FakeSegment refuseBatchesWith(Predicate<JsonObject> message, int status) {
        refused = new Refusal(message, status);
        return this;
    }

    private record Refusal(Predicate<JsonObject> message, int status) {
    }

    /**
     * Delays, by {@code delay} more, the answer to every batch that holds a message the test matches (for example
     * the messages of one user, to slow down one of FlagBridge's lanes); other batches are answered as usual.
     *
     * @return this server
     */
    public FakeSegment slowBatchesWith(Predicate<JsonObject> message, Duration delay) {
        slowdown = new Slowdown(message, delay);
        return this;
    }

    private record Slowdown(Predicate<JsonObject> message, Duration delay) {
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        }
    }

    /**
     * Answer {@code 200} with an empty body (and record the messages). analytics-java 3.5.4 cannot
     * parse an empty body as its {@code UploadResponse}, treats it as an I/O error and retries the
     * batch, so its messages arrive more than once.
     *
     * @return this server
     */
    public FakeSegment answerEmpty200() {
        behaviour = new Behaviour(Kind.EMPTY_200, 200, 0);
        return this;
    }

    /**
     * Delay every answer by {@code delay} (on top of the current behaviour). The wait is
     * interruptible: {@link #stop()} and {@link #close()} cut it short and the request is then
     * abandoned without an answer. {@link Duration#ZERO} turns the delay off.
     *
     * @param delay how long to hold each answer
     * @return this server
     */
    public FakeSegment slow(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        this.delay = delay;
        return this;
    }

    /**
     * Stops listening: the port is closed (new connections are refused), open connections are
     * dropped, and requests in progress are abandoned. Recorded data is kept. Idempotent.
     */
    public synchronized void stop() {
        HttpServer s = server;
        ExecutorService h = handlers;
        server = null;
        handlers = null;
        if (s != null) {
            s.stop(0);
        }
        if (h != null) {
            h.shutdownNow();
            try {
                h.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts listening again on the same port after {@link #stop()}; does nothing if running.
     *
     * @throws IllegalStateException if this server was closed
     * @throws UncheckedIOException if the port cannot be bound again (for example taken meanwhile)
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("FakeSegment is closed");
        }
        if (server == null) {
            launch(bind(port));
        }
    }

    /**
     * Whether the server is currently listening.
     *
     * @return {@code true} between start/restart and stop/close
     */
    public synchronized boolean isRunning() {
        return server != null;
    }

    // ---------------------------------------------------------------- recorded data

    /**
     * All messages recorded so far, in arrival order, as deep copies.
     *
     * @return an immutable snapshot
     */
    public List<JsonObject> messages() {
        lock.lock();
        try {
            return copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The recorded messages whose {@code type} is {@code type} ({@code "track"}, {@code "identify"},
     * ...).
     *
     * @param type the message type
     * @return an immutable snapshot, in arrival order
     */
    public List<JsonObject> messages(String type) {
        Objects.requireNonNull(type, "type");
        return messages().stream().filter(m -> type.equals(string(m, "type"))).toList();
    }

    /**
     * The recorded {@code track} messages whose {@code event} is {@code event}.
     *
     * @param event the event name
     * @return an immutable snapshot, in arrival order
     */
    public List<JsonObject> tracks(String event) {
        Objects.requireNonNull(event, "event");
        return messages("track").stream().filter(m -> event.equals(string(m, "event"))).toList();
    }

    /**
     * The number of messages recorded so far (cheaper than {@code messages().size()}).
     *
     * @return the count
     */
    public int messageCount() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until at least {@code count} messages have been recorded.
     *
     * @param count how many messages to wait for
     * @param bound the longest time to wait
     * @return a snapshot of all recorded messages (at least {@code count})
     * @throws AssertionError if fewer arrived within {@code bound}, listing what did arrive, or if
     *         the waiting thread is interrupted or this server closed meanwhile
     */
    public List<JsonObject> awaitMessages(int count, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        lock.lock();
        try {
            while (messages.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError(shortfall(count, bound));
                }
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted; " + shortfall(count, bound), e);
                }
            }
            return copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The whole bodies of the batches answered {@code 200}, in arrival order, as deep copies (the
     * envelope: {@code batch}, {@code sentAt}, {@code context}, {@code sequence}, {@code writeKey}).
     *
     * @return an immutable snapshot
     */
    public List<JsonObject> batches() {
        lock.lock();
        try {
            return copyOf(batches);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Summaries of every request received, whatever the answer, in arrival order.
     *
     * @return an immutable snapshot
     */
    public List<ReceivedRequest> requests() {
        lock.lock();
        try {
            return List.copyOf(requests);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many HTTP requests reached a handler (on any path, with any answer).
     *
     * @return the count
     */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * The write key of the most recent request that carried one (Basic user name, else body {@code
     * writeKey}).
     *
     * @return the key, or empty if no request carried one
     */
    public Optional<String> lastWriteKey() {
        return Optional.ofNullable(lastWriteKey);
    }

    /** Forgets all recorded messages, batches and requests, and zeroes the request count. */
    public void clear() {
        lock.lock();
        try {
            messages.clear();
            batches.clear();
            requests.clear();
            requestCount.set(0);
            lastWriteKey = null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the server and its handler threads for good; recorded data stays readable. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stop();
        }
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    private static HttpServer bind(int port) {
        try {
            InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
            return HttpServer.create(new InetSocketAddress(loopback, port), 64);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
    }

    /** Called with the monitor held (or from the constructor). */
    private void launch(HttpServer s) {
        int boundPort = s.getAddress().getPort();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "fake-segment-" + boundPort + "-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService h = Executors.newCachedThreadPool(factory);
        s.setExecutor(h);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        handlers = h;
    }

    /** A decided answer: status, body ({@code null} = none) and optional Retry-After. */
    private record Answer(int status, String body, String retryAfter, Map<String, String> headers) {
        Answer(int status, String body, String retryAfter) {
            this(status, body, retryAfter, Map.of());
        }
    }

    private void handle(HttpExchange exchange) {
        long receivedAt = System.nanoTime();
        requestCount.incrementAndGet();
        requestsEver.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String writeKey = null;
        int bodyBytes = 0;
        int count = 0;
        Answer answer = null;
        try {
            byte[] body = decode(exchange);
            bodyBytes = body.length;
            bodyBytesEver.addAndGet(body.length);
            if (discardBodies && behaviour.kind() == Kind.HEALTHY && ACCEPTED_PATHS.contains(path)) {
                pause(delay);
                answer = new Answer(200, SUCCESS, null);
                send(exchange, answer);
                return;
            }
            JsonObject envelope = parse(body);
            JsonArray batch = envelope == null ? null : batchOf(envelope);
            count = batch == null ? 0 : batch.size();
            writeKey = writeKeyOf(exchange.getRequestHeaders().getFirst("Authorization"), envelope);
            if (writeKey != null) {
                lastWriteKey = writeKey;
            }

            pause(delay);
            Slowdown slowdown = this.slowdown;
            if (slowdown != null && batch != null && batch.asList().stream().anyMatch(
                    m -> m.isJsonObject() && slowdown.message().test(m.getAsJsonObject()))) {
                pause(slowdown.delay());
            }

            answer = decide(exchange.getRequestMethod(), path, batch, writeKey);
            // record before answering, so a client that has its answer can already see the records
            summarise(exchange, path, writeKey, bodyBytes, count, answer.status(), receivedAt);
            if (answer.status() == 200) {
                record(envelope, batch);
            }
            send(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped or closed while slow: abandon the answer
        } catch (IOException | RuntimeException e) {
            // client went away or server stopped mid-answer; nothing sensible to answer
        } finally {
            if (answer == null) {
                summarise(exchange, path, writeKey, bodyBytes, count, -1, receivedAt);
            }
            exchange.close();
        }
    }

    private Answer decide(String method, String path, JsonArray batch, String writeKey) {
        Behaviour b = behaviour;
        if (!"POST".equals(method)) {
            return new Answer(405, "{\"success\":false,\"message\":\"POST only\"}", null);
        } else if (!ACCEPTED_PATHS.contains(path)) {
            return new Answer(404, "{\"success\":false,\"message\":\"no such path\"}", null);
        }
        Answer next = scripted.poll();
        if (next != null) {
            return next;
        } else if (b.kind() == Kind.FAIL) {
            return new Answer(b.status(), "{\"success\":false}", null);
        } else if (b.kind() == Kind.RATE_LIMITED) {
            return new Answer(429, "{\"success\":false}", Long.toString(b.retryAfterSeconds()));
        } else if (batch == null) {
            return new Answer(400, "{\"success\":false,\"message\":\"no batch\"}", null);
        } else if (refused != null && batch.asList().stream().anyMatch(
                m -> m.isJsonObject() && refused.message().test(m.getAsJsonObject()))) {
            return new Answer(refused.status(), "{\"success\":false,\"message\":\"refused\"}", null);
        } else if (expectedWriteKey != null && !expectedWriteKey.equals(writeKey)) {
            return new Answer(401, "{\"success\":false,\"message\":\"bad write key\"}", null);
        } else if (b.kind() == Kind.EMPTY_200) {
            return new Answer(200, null, null);
        }
        return new Answer(200, SUCCESS, null);
    }

    private void summarise(HttpExchange exchange, String path, String writeKey, int bodyBytes, int count, int status,
            long receivedAt) {
        ReceivedRequest summary = new ReceivedRequest(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Content-Encoding"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                writeKey,
                bodyBytes,
                count,
                status,
                receivedAt);
        lock.lock();
        try {
            requests.add(summary);
        } finally {
            lock.unlock();
        }
    }

    private void record(JsonObject envelope, JsonArray batch) {
        lock.lock();
        try {
            batches.add(envelope);
            for (JsonElement element : batch) {
                if (element.isJsonObject()) {
                    JsonObject message = element.getAsJsonObject();
                    String id = string(message, "messageId");
                    if (dedupeByMessageId && id != null && !seenMessageIds.add(id)) {
                        duplicates.incrementAndGet();
                    } else {
                        messages.add(message);
                    }
                }
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static byte[] decode(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.trim().toLowerCase(Locale.ROOT).equals("gzip")) {
            try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return gz.readAllBytes();
            }
        }
        return raw;
    }

    private static JsonObject parse(byte[] body) {
        try {
            JsonElement element = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            return element.isJsonObject() ? element.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static JsonArray batchOf(JsonObject envelope) {
        JsonElement batch = envelope.get("batch");
        return batch != null && batch.isJsonArray() ? batch.getAsJsonArray() : null;
    }

    private static String writeKeyOf(String authorization, JsonObject envelope) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return envelope == null ? null : string(envelope, "writeKey");
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        }
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1); // Content-Length: 0, no body
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String string(JsonObject object, String member) {
        JsonElement e = object.get(member);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static List<JsonObject> copyOf(List<JsonObject> list) {
        List<JsonObject> copy = new ArrayList<>(list.size());
        for (JsonObject o : list) {
            copy.add(o.deepCopy());
        }
        return Collections.unmodifiableList(copy);
    }

    /** Called with {@link #lock} held. */
    private String shortfall(int count, Duration bound) {
        StringBuilder sb = new StringBuilder();
        sb.append("expected at least ")
                .append(count)
                .append(" message(s) within ")
                .append(bound)
                .append(" but ")
                .append(messages.size())
                .append(" arrived")
                .append(closed ? " (server closed)" : "")
                .append("; requests=")
                .append(requestCount.get())
                .append(", statuses=")
                .append(requests.stream().map(ReceivedRequest::status).toList());
        int shown = Math.min(messages.size(), SUMMARY_LIMIT);
        sb.append("; arrived: [");
        for (int i = 0; i < shown; i++) {
            JsonObject m = messages.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(string(m, "type"));
            String event = string(m, "event");
            if (event != null) {
                sb.append(' ').append('"').append(event).append('"');
            }
            sb.append(" userId=").append(string(m, "userId"));
        }
        if (messages.size() > shown) {
            sb.append(", ... ").append(messages.size() - shown).append(" more");
        }
        return sb.append(']').toString();
    }
}
