package io.flagbridge.internal.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.NamedThreadFactory;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * The thread that sends the outbox's messages to Segment ({@code flagbridge-segment-1}): a full batch as soon as
 * {@code segment.flush-size} messages wait; everything that waits when the flush interval ends, on a flush and at
 * stop. One batch is in flight at a time, so messages reach Segment in the order they were offered.
 */
public final class Sender {

    private static final Logger LOG = Logger.getLogger(Sender.class.getName());

    private final Outbox outbox;
    private final SegmentHttp http;
    private final long flushIntervalNanos;
    private final int flushSize;
    private final Duration shutdownTimeout;
    private final Thread thread;
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean abandoned;

    /** Starts the thread now, so that it takes the current (the application's) context class loader. */
    public Sender(SegmentSettings settings, Outbox outbox) {
        this.outbox = outbox;
        this.http = new SegmentHttp(settings);
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.flushSize = settings.flushSize();
        this.shutdownTimeout = settings.shutdownTimeout();
        this.thread = new NamedThreadFactory("flagbridge-segment").newThread(this::run);
        this.thread.start();
    }

    private void run() {
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        while (!abandoned) {
            // The request first: messages offered before a flush() are then counted in waitingNow.
            boolean flush = outbox.takeFlushRequest();
            int waitingNow = outbox.queued();
            boolean due = System.nanoTime() - nextFlush >= 0;
            boolean everything = due || flush || outbox.closed();
            if (waitingNow >= flushSize || (everything && waitingNow > 0)) {
                int toSend = everything ? waitingNow : waitingNow - waitingNow % flushSize;
                while (toSend > 0 && !abandoned) {
                    List<byte[]> batch = outbox.takeBatch();
                    if (batch.isEmpty()) {
                        break;
                    }
                    toSend -= batch.size();
                    send(batch);
                }
                if (everything) {
                    nextFlush = System.nanoTime() + flushIntervalNanos;
                }
                continue;
            }
            if (due) {
                nextFlush = System.nanoTime() + flushIntervalNanos;
            }
            if (outbox.closed()) {
                return; // everything offered before the stop was sent
            }
            outbox.awaitWork(nextFlush - System.nanoTime());
            Thread.interrupted(); // only stop() interrupts, and it sets `abandoned` first
        }
    }

    private void send(List<byte[]> batch) {
        SegmentHttp.Result result = http.post(batch);
        outbox.settled(batch.size(), result instanceof SegmentHttp.Delivered);
        if (result instanceof SegmentHttp.Failed failed) {
            failureWarning.warn(() -> Messages.batchNotAccepted(batch.size(), failed.reason()));
        }
    }

    /**
     * Closes the outbox and sends what is pending until the deadline; then gives up what is still undelivered
     * (counted as failed, {@code FLAGBRIDGE-0062}) and ends the thread.
     */
    public void stop(Deadline deadline) {
        outbox.close();
        http.deadline(deadline.remaining());
        try {
            thread.join(deadline.remainingMillisAtLeastOne());
            if (thread.isAlive()) {
                // What is still in flight now is given up: no attempt outlives the deadline.
                abandoned = true;
                http.deadline(Duration.ZERO);
                http.cancel();
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            abandoned = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        http.close();
        int lost = outbox.abandon();
        if (lost > 0) {
            LOG.warning(Messages.undeliveredAtStop(lost, shutdownTimeout));
        }
    }
}
