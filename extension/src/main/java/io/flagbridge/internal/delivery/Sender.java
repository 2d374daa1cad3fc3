package io.flagbridge.internal.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.spi.Capture;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.NamedThreadFactory;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * The threads that send the outbox's messages to Segment ({@code flagbridge-segment-1} to {@code -N}, one per lane,
 * {@code segment.max-in-flight}): a full batch as soon as {@code segment.flush-size} messages wait in a lane;
 * everything that waits when the flush interval ends, on a flush and at stop. Each lane has one batch in flight at a
 * time, so the messages of one user reach Segment in the order they were offered; how many lanes post at once is the
 * {@link InFlightWindow}'s, which grows while full batches leave and more wait, and halves on 429s, failures and slow
 * round trips.
 * <p>
 * A batch that fails for a reason worth a retry is kept and retried: {@code segment.retries} times quickly, then,
 * Segment being down, with a backoff that grows to 15 s; {@code Retry-After} is honoured. Meanwhile new messages
 * wait in the outbox, within its bounds, so an outage loses only what does not fit. A 429 (Segment's rate limit is
 * the whole source's) holds every lane back for its wait. A batch refused for its content is split until the
 * messages Segment refuses are alone.
 */
public final class Sender {

    private static final AppLog LOG = AppLog.of(Sender.class);
    private static final long QUICK_BACKOFF_MILLIS = 100;
    private static final long QUICK_BACKOFF_MAX_MILLIS = 5_000;
    private static final long OUTAGE_BACKOFF_MILLIS = 1_000;
    // Short enough that delivery resumes soon after an outage ends; Retry-After may ask for longer.
    private static final long OUTAGE_BACKOFF_MAX_MILLIS = 15_000;
    /** How long the cancelled call has to end after the deadline. */
    private static final long GRACE_MILLIS = 500;
    /** What {@link #turn} returns when its lane is done. */
    private static final long STOP = Long.MIN_VALUE;

    private final Outbox outbox;
    private final SegmentHttp http;
    private final long flushIntervalNanos;
    private final int flushSize;
    private final int retries;
    private final Duration shutdownTimeout;
    private final Thread[] threads;
    private final InFlightWindow window;
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog refusedWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog outageWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog crashWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private volatile Deadline stopping;
    private volatile boolean abandoned;
    /** Until when (System.nanoTime) Segment asked every lane to wait, after a 429. */
    private volatile long rateLimitedUntil = System.nanoTime();
    private volatile Capture capture;

    /** Starts the thread now, so that it takes the current (the application's) context class loader. */
    public Sender(SegmentSettings settings, Outbox outbox) {
        this(settings, outbox, new SegmentHttp(settings));
    }

    Sender(SegmentSettings settings, Outbox outbox, SegmentHttp http) {
        this.outbox = outbox;
        this.http = http;
        this.flushIntervalNanos = settings.flushInterval().toNanos();
        this.flushSize = settings.flushSize();
        this.retries = settings.retries();
        this.shutdownTimeout = settings.shutdownTimeout();
        this.window = new InFlightWindow(outbox.lanes().length);
        NamedThreadFactory factory = new NamedThreadFactory("flagbridge-segment");
        Outbox.Lane[] lanes = outbox.lanes();
        this.threads = new Thread[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            Outbox.Lane lane = lanes[i];
            threads[i] = factory.newThread(() -> run(lane));
        }
        for (Thread thread : threads) {
            thread.start();
        }
    }

    private void run(Outbox.Lane lane) {
        long nextFlush = System.nanoTime() + flushIntervalNanos;
        while (!abandoned) {
            try {
                nextFlush = turn(lane, nextFlush);
            } catch (RuntimeException | Error e) {
                // Nothing short of the stop ends a lane: a dead lane would take its users' messages forever.
                crashWarning.warn(() -> Messages.laneFailed(Thread.currentThread().getName(), e.getClass().getName()));
            }
            if (nextFlush == STOP) {
                return;
            }
        }
    }

    /** One round of a lane: sends what is due or waits for work; {@link #STOP} when the lane is done. */
    private long turn(Outbox.Lane lane, long nextFlush) {
        // The request first: messages offered before a flush() are then counted in waitingNow.
        boolean flush = outbox.takeFlushRequest(lane);
        int waitingNow = outbox.queued(lane);
        boolean due = System.nanoTime() - nextFlush >= 0;
        boolean everything = due || flush || outbox.closed() || outbox.pressed();
        if (waitingNow >= flushSize || (everything && waitingNow > 0)) {
            int toSend = everything ? waitingNow : waitingNow - waitingNow % flushSize;
            while (toSend > 0 && !abandoned) {
                List<byte[]> batch = outbox.takeBatch(lane);
                if (batch.isEmpty()) {
                    break;
                }
                toSend -= batch.size();
                send(batch);
            }
            return everything ? System.nanoTime() + flushIntervalNanos : nextFlush;
        }
        long next = due ? System.nanoTime() + flushIntervalNanos : nextFlush;
        if (outbox.closed()) {
            return STOP; // everything offered before the stop was sent
        }
        outbox.awaitWork(lane, next - System.nanoTime());
        Thread.interrupted(); // only stop() interrupts, and it sets `abandoned` first
        return next;
    }

    /** How many of the sender's threads are still running. */
    int threadsAlive() {
        return (int) Arrays.stream(threads).filter(Thread::isAlive).count();
    }

    /** Hands every batch from now on to {@code capture} instead of posting it (a test kit's recording Segment). */
    public void capture(Capture capture) {
        this.capture = capture;
    }

    private SegmentHttp.Result post(List<byte[]> batch) {
        Capture current = capture;
        if (current == null) {
            return http.post(batch);
        }
        try {
            current.batch(SegmentHttp.withBatchContext(batch));
            return new SegmentHttp.Delivered();
        } catch (RuntimeException e) {
            return new SegmentHttp.Failed("the capture failed: " + e);
        }
    }

    /**
     * Sends the batch until Segment takes or refuses it, or the stop's deadline leaves no time for another try; a
     * batch whose backoff outlasts that deadline gets one last attempt before it.
     */
    private void send(List<byte[]> batch) {
        boolean lastAttempt = false;
        for (int attempt = 1;; attempt++) {
            long held = rateLimitedUntil - System.nanoTime();
            if (held > 0 && !pause(Duration.ofNanos(held))) {
                outbox.settled(batch, false);
                failureWarning.warn(() -> Messages.batchNotAccepted(batch.size(),
                        "Segment's rate limit (HTTP 429) outlasts the stop's deadline"));
                return;
            }
            SegmentHttp.Result result;
            long started = enterWindow();
            InFlightWindow.Outcome outcome = InFlightWindow.Outcome.CONGESTION;
            try {
                result = abandoned || started < 0 ? new SegmentHttp.Failed("abandoned at stop") : post(batch);
                outcome = result instanceof SegmentHttp.Delivered ? InFlightWindow.Outcome.DELIVERED
                        : result instanceof SegmentHttp.Retry ? InFlightWindow.Outcome.CONGESTION
                                : InFlightWindow.Outcome.NEUTRAL;
            } catch (RuntimeException | Error e) {
                // An OutOfMemoryError for a huge body, a LinkageError, OkHttp's own bug: this batch fails, not the lane.
                outbox.attempted(e.getClass().getSimpleName());
                outbox.settled(batch, false);
                crashWarning.warn(() -> Messages.batchFailedToSend(batch.size(), e.getClass().getName()));
                outcome = InFlightWindow.Outcome.NEUTRAL;
                return;
            } finally {
                if (started >= 0) {
                    // Under pressure (the queue half full) a lane's batch is all it has: as full as it gets.
                    window.release(started, outcome, batch.size() >= flushSize || outbox.pressed(),
                            outbox.waiting() > (long) window.limit() * flushSize);
                }
            }
            outbox.attempted(SegmentHttp.what(result));
            if (result instanceof SegmentHttp.Delivered) {
                outbox.settled(batch, true);
                return;
            }
            if (result instanceof SegmentHttp.Refused refused) {
                if (batch.size() == 1) {
                    outbox.settled(batch, false);
                    refusedWarning.warn(() -> Messages.messagesRefused(1, refused.status()));
                } else {
                    send(batch.subList(0, batch.size() / 2));
                    send(batch.subList(batch.size() / 2, batch.size()));
                }
                return;
            }
            if (result instanceof SegmentHttp.Failed failed) {
                outbox.settled(batch, false);
                failureWarning.warn(() -> Messages.batchNotAccepted(batch.size(), failed.reason()));
                return;
            }
            SegmentHttp.Retry retry = (SegmentHttp.Retry) result;
            if (attempt > retries) {
                outageWarning.warn(() -> Messages.segmentUnreachable(retry.reason(), outbox.pending()));
            }
            Duration wait = backoff(attempt, retry);
            if (retry.rateLimited()) {
                long until = System.nanoTime() + wait.toNanos();
                if (until - rateLimitedUntil > 0) {
                    rateLimitedUntil = until; // a lost race only shortens another lane's hold by a backoff
                }
            }
            if (!pause(wait)) {
                Deadline deadline = stopping;
                if (!lastAttempt && !abandoned && deadline != null && !deadline.expired()) {
                    // The stop comes before the backoff ends: one last attempt now rather than none.
                    lastAttempt = true;
                    continue;
                }
                outbox.settled(batch, false);
                failureWarning.warn(() -> Messages.batchNotAccepted(batch.size(), retry.reason()
                        + "; no time left before the stop's deadline for another attempt"));
                return;
            }
        }
    }

    /** A place in the in-flight window, or -1 when the stop came first. */
    private long enterWindow() {
        try {
            return window.acquire(() -> {
                Deadline deadline = stopping;
                return abandoned || (deadline != null && deadline.expired());
            });
        } catch (InterruptedException e) {
            return -1; // only stop() interrupts, and it sets `abandoned` first
        }
    }

    /** The in-flight window (tests). */
    InFlightWindow window() {
        return window;
    }

    /** Quick retries first, then (Segment being down) a backoff that grows to 15 s; Retry-After when longer. */
    private Duration backoff(int attempt, SegmentHttp.Retry retry) {
        long millis = attempt <= retries
                ? Math.min(QUICK_BACKOFF_MAX_MILLIS, QUICK_BACKOFF_MILLIS << Math.min(attempt - 1, 20))
                : Math.min(OUTAGE_BACKOFF_MAX_MILLIS, OUTAGE_BACKOFF_MILLIS << Math.min(attempt - retries - 1, 20));
        millis = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        Duration wait = Duration.ofMillis(millis);
        return retry.retryAfter().filter(after -> after.compareTo(wait) > 0).orElse(wait);
    }

    /** Waits before another attempt; false when the stop's deadline comes first. */
    private boolean pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (!abandoned) {
            Deadline deadline = stopping;
            if (deadline != null && until - System.nanoTime() >= deadline.remaining().toNanos()) {
                return false;
            }
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left); // stop() unparks, to look at its deadline
            Thread.interrupted();
        }
        return false;
    }

    /**
     * Closes the outbox and sends what is pending until the deadline; then gives up what is still undelivered
     * (counted as failed, {@code FLAGBRIDGE-0062}) and ends the thread.
     */
    public void stop(Deadline deadline) {
        stopping = deadline;
        outbox.close();
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        try {
            for (Thread thread : threads) {
                thread.join(deadline.remainingMillisAtLeastOne());
            }
            if (Arrays.stream(threads).anyMatch(Thread::isAlive)) {
                // What is still in flight now is given up: no attempt outlives the deadline.
                abandoned = true;
                http.cancel();
                for (Thread thread : threads) {
                    thread.interrupt();
                }
                long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
                for (Thread thread : threads) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(graceEnd - System.nanoTime())));
                }
            }
        } catch (InterruptedException e) {
            abandoned = true;
            for (Thread thread : threads) {
                thread.interrupt();
            }
            Thread.currentThread().interrupt();
        }
        http.close();
        int lost = outbox.abandon();
        if (lost > 0) {
            LOG.warning(Messages.undeliveredAtStop(lost, shutdownTimeout));
        }
    }
}
