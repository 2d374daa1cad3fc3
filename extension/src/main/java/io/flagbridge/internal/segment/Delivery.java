package io.flagbridge.internal.segment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.segment.analytics.gson.AutoValueAdapterFactory;
import com.segment.analytics.gson.ISO8601InstantAdapter;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;

import io.flagbridge.internal.client.NamedThreadFactory;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.internal.events.RateLimitedLog;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Delivers Segment messages: a non-blocking, bounded hand-over (at most {@code segment.queue-capacity} messages
 * pending, the rest dropped and counted), batches posted to Segment's batch API by one named thread, bounded
 * retries, TCP_NODELAY, and a stop that delivers what is pending within {@code segment.shutdown-timeout} and then ends
 * the thread.
 * <p>
 * Messages are analytics-java's ({@code analytics-core}: builders, JSON adapters), serialised once, when they are
 * handed over; a batch is those bytes joined. analytics-java's own client serialised each message three times (two
 * size checks and the upload), ran two threads, blocked when full and backed off for minutes: see the README.
 */
public final class Delivery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());
    /** Segment refuses a message over 32 KB and a batch over 500 KB. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    static final int MAX_BATCH_BYTES = 500 * 1024;
    /** The path of Segment's batch API under {@code segment.endpoint}, as analytics-java posts it. */
    static final String PATH = "v1/import/";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** analytics-java's message JSON: its AutoValue and Instant adapters, its date format (written faster). */
    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapterFactory(new AutoValueAdapterFactory())
            .registerTypeAdapter(Instant.class, new ISO8601InstantAdapter())
            .registerTypeAdapter(Date.class, new IsoDates())
            .create();
    private static final String LIBRARY = "{\"library\":{\"name\":\"flagbridge\",\"version\":\""
            + version() + "\"}}";

    private final OkHttpClient http;
    private final BoundedRetries retries;
    private final HttpUrl uploadUrl;
    private final byte[] batchTail;
    private final Counters counters;
    private final int capacity;
    private final int flushSize;
    private final long flushIntervalNanos;
    private final Duration shutdownTimeout;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final Thread sender;
    private final RateLimitedLog dropWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean closed;
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private volatile boolean abandoned;
    private volatile boolean waiting;
    private volatile Call current;

    public Delivery(SegmentSettings settings, Counters counters) {
        this.counters = counters;
        this.capacity = settings.queueCapacity();
        this.flushSize = settings.flushSize();
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.shutdownTimeout = settings.shutdownTimeout();
        this.retries = new BoundedRetries(settings.retries());
        this.uploadUrl = HttpUrl.get(settings.endpoint().toString() + "/" + PATH);
        this.batchTail = ("],\"context\":" + LIBRARY + ",\"writeKey\":" + GSON.toJson(settings.writeKey()
                .orElseThrow()) + ",\"sentAt\":").getBytes(StandardCharsets.UTF_8);
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .addInterceptor(retries)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .build();
        // Started now, with the application's context class loader.
        this.sender = new NamedThreadFactory("flagbridge-segment").newThread(this::run);
        this.sender.start();
    }

    /**
     * Hands a message over without blocking; drops and counts it when {@code capacity} messages are pending. The
     * message is built only once there is room for it: under an outage or a burst, a message that would be dropped
     * costs no work. The message is serialised here, on the caller's
     * thread (FlagBridge's event thread), once.
     *
     * @return whether the message was taken (false: dropped or refused)
     * @throws RuntimeException what {@code message} throws (nothing is then pending or counted)
     */
    public boolean send(Supplier<? extends MessageBuilder<?, ?>> message) {
        return sendJson(() -> {
            Message built = message.get().build();
            StringBuilder text = new StringBuilder(512); // not Gson's StringWriter: a StringBuffer, locked per append
            GSON.toJson(built, text);
            return text.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * Like {@link #send(Supplier)}, for a message already written as JSON (UTF-8), built only once there is room.
     *
     * @return whether the message was taken (false: dropped or refused)
     * @throws RuntimeException what {@code message} throws (nothing is then pending or counted)
     */
    public boolean sendJson(Supplier<byte[]> message) {
        if (closed) {
            dropped(true);
            return false;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped(false);
            return false;
        }
        byte[] json;
        try {
            json = message.get();
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        if (json.length > MAX_MESSAGE_BYTES) {
            pending.decrementAndGet();
            counters.addFailed(1);
            failureWarning.warn(() -> "FLAGBRIDGE-0061: a Segment message of " + json.length + " bytes was not sent: "
                    + "Segment refuses messages over " + MAX_MESSAGE_BYTES + " bytes (logged at most once a minute)");
            return false;
        }
        counters.addPending(1);
        queue.offer(json);
        if (queued.incrementAndGet() >= flushSize && waiting) {
            LockSupport.unpark(sender);
        }
        return true;
    }

    private void dropped(boolean stopping) {
        counters.addDropped();
        dropWarning.warn(() -> "FLAGBRIDGE-0060: Segment messages are dropped: "
                + (stopping ? "FlagBridge is stopping"
                        : capacity + " messages are waiting for Segment ("
                                + SegmentSettings.QUEUE_CAPACITY + ")")
                + " (logged at most once a minute; " + counters.dropped() + " dropped so far)");
    }

    /** Messages handed over and not yet delivered or given up. */
    public int pending() {
        return pending.get();
    }

    /** Sends what is queued now, without waiting for the flush interval or size. */
    public void flush() {
        flushRequested.set(true);
        LockSupport.unpark(sender);
    }

    /**
     * The sender: full batches as soon as {@code flushSize} messages wait; everything that waits when the flush
     * interval ends, on {@link #flush()} and at stop.
     */
    private void run() {
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        while (!abandoned) {
            // The flag first: messages handed over before a flush() are then counted in waitingNow.
            boolean flush = flushRequested.getAndSet(false);
            int waitingNow = queued.get();
            boolean due = System.nanoTime() - nextFlush >= 0;
            boolean everything = due || flush || closed;
            if (waitingNow >= flushSize || (everything && waitingNow > 0)) {
                int toSend = everything ? waitingNow : waitingNow - waitingNow % flushSize;
                while (toSend > 0 && !abandoned) {
                    List<byte[]> batch = takeBatch();
                    if (batch.isEmpty()) {
                        break;
                    }
                    toSend -= batch.size();
                    post(batch);
                }
                if (everything) {
                    nextFlush = System.nanoTime() + flushIntervalNanos;
                }
                continue;
            }
            if (due) {
                nextFlush = System.nanoTime() + flushIntervalNanos;
            }
            if (closed) {
                return; // everything handed over before the stop was posted
            }
            waiting = true;
            // Checked again after announcing the wait: the sender of the flushSize-th message sees `waiting`.
            if (queued.get() < flushSize && !closed && !flushRequested.get() && !abandoned) {
                LockSupport.parkNanos(this, Math.max(1, nextFlush - System.nanoTime()));
            }
            waiting = false;
            Thread.interrupted(); // only close() interrupts, and it sets `abandoned` first
        }
    }

    /** Up to {@code flushSize} messages and {@value #MAX_BATCH_BYTES} bytes. */
    private List<byte[]> takeBatch() {
        List<byte[]> batch = new ArrayList<>(Math.min(flushSize, queued.get()));
        int bytes = 200; // the batch's own fields
        while (batch.size() < flushSize) {
            byte[] next = queue.peek();
            if (next == null || (!batch.isEmpty() && bytes + next.length + 1 > MAX_BATCH_BYTES)) {
                break;
            }
            queue.poll();
            queued.decrementAndGet();
            batch.add(next);
            bytes += next.length + 1;
        }
        return batch;
    }

    private void post(List<byte[]> batch) {
        Request request = new Request.Builder()
                .url(uploadUrl)
                .header("User-Agent", "flagbridge/" + version())
                .post(RequestBody.create(body(batch), JSON))
                .build();
        String failure;
        Call call = http.newCall(request);
        current = call;
        try (Response response = call.execute()) {
            if (response.isSuccessful()) {
                settled(batch.size(), true);
                return;
            }
            ResponseBody body = response.body();
            failure = "HTTP " + response.code() + (response.code() == BoundedRetries.GAVE_UP && body != null
                    ? " (" + body.string() + ")"
                    : "");
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            current = null;
        }
        settled(batch.size(), false);
        String reason = failure;
        failureWarning.warn(() -> "FLAGBRIDGE-0063: Segment did not accept a batch of " + batch.size()
                + " messages (logged at most once a minute): " + reason);
    }

    private byte[] body(List<byte[]> batch) {
        int size = 64 + batchTail.length;
        for (byte[] message : batch) {
            size += message.length + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.writeBytes("{\"batch\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i));
        }
        body.writeBytes(batchTail);
        body.writeBytes(("\"" + IsoDates.format(System.currentTimeMillis()) + "\"").getBytes(StandardCharsets.UTF_8));
        body.write('}');
        return body.toByteArray();
    }

    private void settled(int messages, boolean delivered) {
        pending.addAndGet(-messages);
        counters.addPending(-messages);
        if (delivered) {
            counters.addSent(messages);
        } else {
            counters.addFailed(messages);
        }
    }

    @Override
    public void close() {
        closed = true;
        retries.deadline(shutdownTimeout);
        LockSupport.unpark(sender);
        try {
            sender.join(Math.max(1, shutdownTimeout.toMillis()));
            if (sender.isAlive()) {
                // What is still in flight now is given up: no attempt outlives the deadline.
                abandoned = true;
                retries.deadline(Duration.ZERO);
                Call call = current;
                if (call != null) {
                    call.cancel();
                }
                sender.interrupt();
                sender.join(2_000);
            }
        } catch (InterruptedException e) {
            abandoned = true;
            sender.interrupt();
            Thread.currentThread().interrupt();
        }
        http.connectionPool().evictAll();
        int lost = pending.getAndSet(0);
        queue.clear();
        queued.set(0);
        if (lost > 0) {
            counters.addPending(-lost);
            counters.addFailed(lost);
            LOG.warning("FLAGBRIDGE-0062: " + lost + " Segment messages were not delivered within "
                    + SegmentSettings.SHUTDOWN_TIMEOUT + "=" + shutdownTimeout);
        }
        LOG.log(Level.FINE, "Segment delivery stopped");
    }

    private static String version() {
        String version = Delivery.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
