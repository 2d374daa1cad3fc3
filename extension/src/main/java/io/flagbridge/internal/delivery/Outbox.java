package io.flagbridge.internal.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.RateLimitedLog;

import static io.flagbridge.internal.ConfigKeys.QUEUE_CAPACITY;
import static io.flagbridge.internal.ConfigKeys.QUEUE_MAX_BYTES;

/**
 * The hand-over of Segment messages to the {@link Sender}: never blocks, never throws, and holds at most
 * {@code segment.queue-capacity} messages and {@code segment.queue-max-bytes} bytes pending (queued, in flight or
 * waiting for a retry); the rest are dropped and counted. A message
 * is built only once there is room for it, so that under an outage or a burst a message that would be dropped costs
 * no work, and it is kept as its JSON bytes.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
    /** Segment refuses a message over 32 KB and a batch over 500 KB. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    static final int MAX_BATCH_BYTES = 500 * 1024;
    /** What a batch's own fields take besides its messages. */
    private static final int BATCH_OVERHEAD = 200;

    private final Counters counters;
    private final int capacity;
    private final long maxBytes;
    private final int flushSize;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final RateLimitedLog dropWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog sizeWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean closed;
    private volatile boolean abandoned;
    private volatile Thread waiter;
    private volatile boolean waiting;

    public Outbox(SegmentSettings settings, Counters counters) {
        this.counters = counters;
        this.capacity = settings.queueCapacity();
        this.maxBytes = settings.queueMaxBytes();
        this.flushSize = settings.flushSize();
    }

    /**
     * Hands a message over; drops and counts it when {@code capacity} messages are pending or the outbox is closed.
     * The message is built here, on the caller's thread (FlagBridge's event thread), once.
     *
     * @return whether the message was taken (false: dropped or refused)
     * @throws RuntimeException what {@code message} throws (nothing is then pending or counted)
     */
    public boolean offer(Supplier<byte[]> message) {
        if (closed) {
            dropped("FlagBridge is stopping");
            return false;
        }
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped(capacity + " messages are waiting for Segment (" + QUEUE_CAPACITY + ")");
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
            sizeWarning.warn(() -> Messages.messageTooLarge(json.length, MAX_MESSAGE_BYTES));
            return false;
        }
        if (pendingBytes.addAndGet(json.length) > maxBytes) {
            pendingBytes.addAndGet(-json.length);
            pending.decrementAndGet();
            dropped(maxBytes + " bytes of messages are waiting for Segment (" + QUEUE_MAX_BYTES + ")");
            return false;
        }
        counters.addPending(1);
        queue.offer(json);
        if (abandoned && queue.remove(json)) {
            // Offered while the sender ended: the stop's sweep did not see it, so it is counted here.
            pending.decrementAndGet();
            pendingBytes.addAndGet(-json.length);
            counters.addPending(-1);
            dropped("FlagBridge is stopping");
            return false;
        }
        // No unpark while the sender is busy: it looks at the queue again before it waits.
        if (queued.incrementAndGet() >= flushSize && waiting) {
            LockSupport.unpark(waiter);
        }
        return true;
    }

    private void dropped(String why) {
        counters.addDropped();
        dropWarning.warn(() -> Messages.messagesDropped(why, counters.dropped()));
    }

    /** Messages handed over and not yet delivered or given up. */
    public int pending() {
        return pending.get();
    }

    /** Has what is queued now sent, without waiting for the flush interval or size. */
    public void flush() {
        flushRequested.set(true);
        LockSupport.unpark(waiter);
    }

    /** Refuses every message from now on (counted as dropped); the sender sends what is queued and ends. */
    void close() {
        closed = true;
        LockSupport.unpark(waiter);
    }

    boolean closed() {
        return closed;
    }

    /** Whether a flush was asked for since the last call (and forgets it). */
    boolean takeFlushRequest() {
        return flushRequested.getAndSet(false);
    }

    /** Messages queued and not yet taken. */
    int queued() {
        return queued.get();
    }

    /** Up to {@code flushSize} messages and {@value #MAX_BATCH_BYTES} bytes, in the order they were offered. */
    List<byte[]> takeBatch() {
        List<byte[]> batch = new ArrayList<>(Math.min(flushSize, queued.get()));
        int bytes = BATCH_OVERHEAD;
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

    /** Bytes of the messages handed over and not yet delivered or given up. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    /** Remembers how an upload ended, for the health check; {@code what} is empty for a success. */
    void attempted(String what) {
        if (what.isEmpty()) {
            counters.uploadSucceeded(Instant.now());
        } else {
            counters.uploadFailed(Instant.now(), what);
        }
    }

    /** Counts messages as delivered or failed; they are no longer pending. */
    void settled(List<byte[]> messages, boolean delivered) {
        long bytes = 0;
        for (byte[] message : messages) {
            bytes += message.length;
        }
        pendingBytes.addAndGet(-bytes);
        settled(messages.size(), delivered);
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

    /**
     * Parks the sender until {@code flushSize} messages wait, a flush is asked for, the outbox closes, or the time is
     * up (or spuriously: the sender looks again).
     */
    void awaitWork(long nanos) {
        waiter = Thread.currentThread();
        waiting = true;
        // Checked after announcing the wait: whoever offers the flushSize-th message then sees `waiting`.
        if (queued.get() < flushSize && !closed && !flushRequested.get()) {
            LockSupport.parkNanos(this, Math.max(1, nanos));
        }
        waiting = false;
    }

    /**
     * Gives up what is still queued (after the sender ended): counted as failed. A message offered meanwhile is
     * counted by its {@link #offer} as dropped.
     *
     * @return how many messages were given up
     */
    int abandon() {
        abandoned = true;
        List<byte[]> lost = new ArrayList<>();
        for (byte[] message = queue.poll(); message != null; message = queue.poll()) {
            lost.add(message);
        }
        if (!lost.isEmpty()) {
            queued.addAndGet(-lost.size());
            settled(lost, false);
        }
        return lost.size();
    }
}
