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

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.RateLimitedLog;

import static io.flagbridge.internal.ConfigKeys.QUEUE_CAPACITY;
import static io.flagbridge.internal.ConfigKeys.QUEUE_MAX_BYTES;

/**
 * The hand-over of Segment messages to the {@link Sender}: never blocks, never throws, and holds at most
 * {@code segment.queue-capacity} messages and {@code segment.queue-max-bytes} bytes waiting for a lane's next batch,
 * whatever the number of lanes; the rest are dropped and counted. The batches the lanes have taken (in flight, or
 * waiting for a retry) come on top: at most one a lane, {@code segment.flush-size} messages and 500 KB each. They
 * are not counted against the queue's bounds, so that sending more batches at once (a longer round trip, a larger
 * window) never leaves less room for what waits; {@link #pending()} counts both. A message
 * is built only once there is room for it, so that under an outage or a burst a message that would be dropped costs
 * no work, and it is kept as its JSON bytes.
 * <p>
 * Messages wait in {@code segment.max-in-flight} lanes, each sent by its own sender thread, one batch at a time: the
 * messages of one user always take the same lane, so they reach Segment in the order they were offered.
 */
public final class Outbox {

    private static final AppLog LOG = AppLog.of(Outbox.class);
    /** Segment refuses a message over 32 KB and a batch over 500 KB. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    static final int MAX_BATCH_BYTES = 500 * 1024;
    static final int MAX_BATCH_MESSAGES = SegmentSettings.MAX_BATCH_MESSAGES;
    /** What a batch's own fields take besides its messages. */
    private static final int BATCH_OVERHEAD = 200;

    private final Counters counters;
    private final int capacity;
    private final long maxBytes;
    private final int flushSize;
    private final Lane[] lanes;
    private volatile int anonymousLane;
    /** Messages offered and not yet delivered or given up: waiting in a lane, or taken in a batch. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Messages (and their bytes) waiting in the lanes, not yet taken in a batch: what the bounds hold. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waitingBytes = new AtomicLong();
    private final RateLimitedLog dropWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog sizeWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean closed;
    private volatile boolean abandoned;

    /** One sender's queue: its messages in the order they were offered. */
    static final class Lane {
        final int index;
        private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean flushRequested = new AtomicBoolean();
        private volatile Thread waiter;
        private volatile boolean waiting;

        Lane(int index) {
            this.index = index;
        }
    }

    public Outbox(SegmentSettings settings, Counters counters) {
        this.counters = counters;
        this.capacity = settings.queueCapacity();
        this.maxBytes = settings.queueMaxBytes();
        this.flushSize = Math.min(settings.flushSize(), MAX_BATCH_MESSAGES);
        this.lanes = new Lane[settings.maxInFlight()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
    }

    /** The lanes, one per sender thread. */
    Lane[] lanes() {
        return lanes;
    }

    /**
     * Hands over a message that belongs to no user: {@link #offer(long, Supplier)}. Such messages fill one lane's
     * batch, then the next lane's, so that they make full batches and still use every lane.
     */
    public boolean offer(Supplier<byte[]> message) {
        int index = anonymousLane;
        Lane lane = lanes[index];
        boolean taken = offer(lane, message);
        if (lane.queued.get() >= flushSize && anonymousLane == index) {
            anonymousLane = (index + 1) % lanes.length; // a lost race only gives one lane a message more
        }
        return taken;
    }

    /**
     * Hands a message over; drops and counts it when {@code capacity} messages are pending or the outbox is closed.
     * The message is built here, on the caller's thread (FlagBridge's event thread), once.
     *
     * @param user a hash of the message's user: the messages of one user take one lane, so they stay in order
     * @return whether the message was taken (false: dropped or refused)
     * @throws RuntimeException what {@code message} throws (nothing is then pending or counted)
     */
    public boolean offer(long user, Supplier<byte[]> message) {
        return offer(lanes[laneOf(user, lanes.length)], message);
    }

    /** The lane of a user's messages. */
    static int laneOf(long user, int lanes) {
        return Math.floorMod(Long.hashCode(user * 0x9E3779B97F4A7C15L), lanes);
    }

    private boolean offer(Lane lane, Supplier<byte[]> message) {
        if (closed) {
            dropped("FlagBridge is stopping");
            return false;
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped(capacity + " messages are waiting for Segment (" + QUEUE_CAPACITY + ")");
            return false;
        }
        byte[] json;
        try {
            json = message.get();
        } catch (RuntimeException e) {
            waiting.decrementAndGet();
            throw e;
        }
        if (json.length > MAX_MESSAGE_BYTES) {
            waiting.decrementAndGet();
            counters.addFailed(1);
            sizeWarning.warn(() -> Messages.messageTooLarge(json.length, MAX_MESSAGE_BYTES));
            return false;
        }
        if (waitingBytes.addAndGet(json.length) > maxBytes) {
            waitingBytes.addAndGet(-json.length);
            waiting.decrementAndGet();
            dropped(maxBytes + " bytes of messages are waiting for Segment (" + QUEUE_MAX_BYTES + ")");
            return false;
        }
        pending.incrementAndGet();
        counters.addPending(1);
        lane.queue.offer(json);
        if (abandoned && lane.queue.remove(json)) {
            // Offered while the sender ended: the stop's sweep did not see it, so it is counted here.
            waiting.decrementAndGet();
            waitingBytes.addAndGet(-json.length);
            pending.decrementAndGet();
            counters.addPending(-1);
            dropped("FlagBridge is stopping");
            return false;
        }
        // No unpark while the sender is busy: it looks at the queue again before it waits.
        if ((lane.queued.incrementAndGet() >= flushSize || pressed()) && lane.waiting) {
            LockSupport.unpark(lane.waiter);
        }
        return true;
    }

    private void dropped(String why) {
        counters.addDropped();
        dropWarning.warn(() -> Messages.messagesDropped(why, counters.dropped()));
    }

    /**
     * Whether half the queue's bounds (messages or bytes) are taken: each lane then sends what it has instead of waiting
     * for a full batch. With many lanes a lane's share of the bounds can be less than a batch (16 lanes of 1,000
     * messages each cannot fill before a queue of 10,000 does), and the lanes would otherwise wait for the flush
     * interval while every new message is dropped.
     */
    boolean pressed() {
        return waiting.get() * 2L >= capacity || waitingBytes.get() * 2L >= maxBytes;
    }

    /** Messages handed over and not yet delivered or given up (waiting in a lane, or in a batch taken). */
    public int pending() {
        return pending.get();
    }

    /** Messages waiting in the lanes, not yet in a batch: at most {@code segment.queue-capacity}. */
    int waiting() {
        return waiting.get();
    }

    /** Has what is queued now sent, without waiting for the flush interval or size. */
    public void flush() {
        for (Lane lane : lanes) {
            lane.flushRequested.set(true);
            LockSupport.unpark(lane.waiter);
        }
    }

    /** Refuses every message from now on (counted as dropped); the sender sends what is queued and ends. */
    void close() {
        closed = true;
        for (Lane lane : lanes) {
            LockSupport.unpark(lane.waiter);
        }
    }

    boolean closed() {
        return closed;
    }

    /** Whether a flush was asked for since the last call (and forgets it). */
    boolean takeFlushRequest(Lane lane) {
        return lane.flushRequested.getAndSet(false);
    }

    /** Messages queued in the lane and not yet taken. */
    int queued(Lane lane) {
        return lane.queued.get();
    }

    /**
     * Up to {@code flushSize} messages (at most {@value #MAX_BATCH_MESSAGES}) and {@value #MAX_BATCH_BYTES} bytes of
     * the lane, in the order they were offered.
     */
    List<byte[]> takeBatch(Lane lane) {
        List<byte[]> batch = new ArrayList<>(Math.min(flushSize, lane.queued.get()));
        int bytes = BATCH_OVERHEAD;
        long messageBytes = 0;
        while (batch.size() < flushSize) {
            byte[] next = lane.queue.peek();
            if (next == null || (!batch.isEmpty() && bytes + next.length + 1 > MAX_BATCH_BYTES)) {
                break;
            }
            lane.queue.poll();
            lane.queued.decrementAndGet();
            batch.add(next);
            bytes += next.length + 1;
            messageBytes += next.length;
        }
        // Taken: the batch is the lane's now, no longer in the queue's bounds (still pending until settled).
        waiting.addAndGet(-batch.size());
        waitingBytes.addAndGet(-messageBytes);
        return batch;
    }

    /** Bytes of the messages waiting in the lanes: at most {@code segment.queue-max-bytes}. */
    long waitingBytes() {
        return waitingBytes.get();
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
    void awaitWork(Lane lane, long nanos) {
        lane.waiter = Thread.currentThread();
        lane.waiting = true;
        // Checked after announcing the wait: whoever offers the flushSize-th message then sees `waiting`.
        if (lane.queued.get() < flushSize && !closed && !lane.flushRequested.get()
                && !(pressed() && lane.queued.get() > 0)) {
            LockSupport.parkNanos(this, Math.max(1, nanos));
        }
        lane.waiting = false;
    }

    /**
     * Gives up what is still queued (after the sender ended): counted as failed. A message offered meanwhile is
     * counted by its {@link #offer} as dropped.
     *
     * @return how many messages were given up
     */
    int abandon() {
        abandoned = true;
        int total = 0;
        for (Lane lane : lanes) {
            List<byte[]> lost = new ArrayList<>();
            for (byte[] message = lane.queue.poll(); message != null; message = lane.queue.poll()) {
                lost.add(message);
            }
            if (!lost.isEmpty()) {
                lane.queued.addAndGet(-lost.size());
                waiting.addAndGet(-lost.size());
                waitingBytes.addAndGet(-lost.stream().mapToLong(message -> message.length).sum());
                settled(lost, false);
                total += lost.size();
            }
        }
        return total;
    }
}
