package io.flagbridge.internal.segment;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;

import io.flagbridge.internal.client.NamedThreadFactory;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.internal.events.RateLimitedLog;
import okhttp3.OkHttpClient;

/**
 * analytics-java, made safe for a server: a non-blocking, bounded hand-over (at most {@code segment.queue-capacity}
 * messages pending, the rest dropped and counted), bounded retries, TCP_NODELAY, named threads, and a stop that
 * delivers what is pending within {@code segment.shutdown-timeout} and then ends every thread.
 */
public final class Delivery implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());

    private final Analytics analytics;
    private final OkHttpClient http;
    private final BoundedRetries retries;
    private final ExecutorService network;
    private final Counters counters;
    private final int capacity;
    private final Duration shutdownTimeout;
    private final AtomicInteger pending = new AtomicInteger();
    private final RateLimitedLog dropWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean closed;

    public Delivery(SegmentSettings settings, Counters counters) {
        this.counters = counters;
        this.capacity = settings.queueCapacity();
        this.shutdownTimeout = settings.shutdownTimeout();
        this.retries = new BoundedRetries(settings.retries());
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .addInterceptor(retries)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .build();
        // Pending messages are bounded before they get here, so batches waiting for the network are too.
        ThreadPoolExecutor networkThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreadFactory("flagbridge-segment-network"));
        networkThread.prestartAllCoreThreads(); // now, with the application's context class loader
        this.network = networkThread;
        this.analytics = Analytics.builder(settings.writeKey().orElseThrow())
                .endpoint(settings.endpoint().toString())
                .client(http)
                // Never reached: at most `capacity` messages are pending, plus analytics-java's flush markers.
                .queueCapacity(capacity + 1_000)
                .flushQueueSize(settings.flushSize())
                .flushInterval(Math.max(1, settings.flushInterval().toMillis()), TimeUnit.MILLISECONDS)
                .networkExecutor(network)
                .threadFactory(new NamedThreadFactory("flagbridge-segment"))
                .callback(new Counting())
                .build();
    }

    /**
     * Hands a message over without blocking; drops and counts it when {@code capacity} messages are pending.
     *
     * @return whether the message was taken (false: dropped or refused)
     */
    public boolean send(MessageBuilder<?, ?> message) {
        return send(() -> message);
    }

    /**
     * Like {@link #send(MessageBuilder)}, but builds the message only once there is room for it: under an outage or
     * a burst, a message that would be dropped costs no work.
     *
     * @return whether the message was taken (false: dropped or refused)
     * @throws RuntimeException what {@code message} throws (nothing is then pending or counted)
     */
    public boolean send(Supplier<? extends MessageBuilder<?, ?>> message) {
        if (closed) {
            dropped(true);
            return false;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped(false);
            return false;
        }
        MessageBuilder<?, ?> built;
        try {
            built = message.get();
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        counters.addPending(1);
        try {
            analytics.enqueue(built);
            return true;
        } catch (RuntimeException e) {
            settled();
            counters.addFailed();
            failureWarning.warn(() -> "FLAGBRIDGE-0061: a Segment message could not be queued: " + e);
            return false;
        }
    }

    private void dropped(boolean stopping) {
        counters.addDropped();
        dropWarning.warn(() -> "FLAGBRIDGE-0060: Segment messages are dropped: "
                + (stopping ? "FlagBridge is stopping"
                        : capacity + " messages are waiting for Segment ("
                                + SegmentSettings.QUEUE_CAPACITY + ")")
                + " (logged at most once a minute; " + counters.dropped() + " dropped so far)");
    }

    private void settled() {
        pending.decrementAndGet();
        counters.addPending(-1);
    }

    /** Messages handed over and not yet delivered or given up. */
    public int pending() {
        return pending.get();
    }

    /** Sends what is queued now, without waiting for the flush interval or size. */
    public void flush() {
        analytics.flush();
    }

    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        retries.deadline(shutdownTimeout);
        analytics.flush();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // What is still in flight now is given up: no attempt outlives the deadline.
        retries.deadline(Duration.ZERO);
        http.dispatcher().cancelAll();
        analytics.shutdown();
        network.shutdownNow();
        try {
            network.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.connectionPool().evictAll();
        int lost = pending.getAndSet(0);
        if (lost > 0) {
            counters.addPending(-lost);
            for (int i = 0; i < lost; i++) {
                counters.addFailed();
            }
            LOG.warning("FLAGBRIDGE-0062: " + lost + " Segment messages were not delivered within "
                    + SegmentSettings.SHUTDOWN_TIMEOUT + "=" + shutdownTimeout);
        }
    }

    private final class Counting implements Callback {
        @Override
        public void success(Message message) {
            settled();
            counters.addSent();
        }

        @Override
        public void failure(Message message, Throwable throwable) {
            settled();
            counters.addFailed();
            failureWarning.warn(() -> "FLAGBRIDGE-0063: Segment did not accept a batch (logged at most once a "
                    + "minute): " + throwable.getMessage());
            LOG.log(Level.FINE, "Segment delivery failure", throwable);
        }
    }
}
