package io.flagbridge.internal.events;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.EventSettings;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Deadline;
import io.flagbridge.internal.util.NamedThreadFactory;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * FlagBridge's executor for {@code @ObservesAsync} observers: one named thread, at most {@code capacity} waiting
 * tasks, the rest dropped and reported. It is handed a task inside every exposure, on the evaluating thread, so the
 * hand-over takes no lock and wakes no thread while the event thread is busy or lingering (a
 * {@code ThreadPoolExecutor} signals its worker for every task, on the caller's thread). When the queue is empty the
 * thread lingers 1 ms for more work and then sleeps until a task arrives, or until its {@link Ticker} is due.
 */
public final class EventQueue implements Executor {

    /** Periodic work done on the queue's thread between tasks, so that no other thread needs a timer. */
    @FunctionalInterface
    public interface Ticker {
        /**
         * Called with the time (epoch millis) once the deadline it returned last has come: the thread looks after each
         * task, and when idle it wakes for it.
         *
         * @return the next deadline (epoch millis), {@link Long#MAX_VALUE} for none
         */
        long tick(long nowMillis);
    }

    private static final AppLog LOG = AppLog.of(EventQueue.class);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long an interrupted task has to end after the deadline. */
    private static final long GRACE_MILLIS = 500;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Runnable dropped;
    private final Ticker ticker;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean abandoned;
    /** The thread has ended: whatever is in the queue now will not run, and is counted as dropped. */
    private volatile boolean finished;

    /**
     * Starts the thread now, so that it takes the current (the application's) context class loader.
     *
     * @param name the thread's name prefix
     * @param capacity how many tasks may wait
     * @param dropped told, on the caller's thread, of each task refused because the queue was full or stopping
     * @param ticker periodic work of this thread
     */
    public EventQueue(String name, int capacity, Runnable dropped, Ticker ticker) {
        this.capacity = capacity;
        this.dropped = dropped;
        this.ticker = ticker;
        this.thread = new NamedThreadFactory(name).newThread(this::run);
        this.thread.start();
    }

    /**
     * FlagBridge's queue for async observers: {@code flagbridge-events-1}; each drop is counted as a dropped event
     * and warned about at most once a minute.
     */
    public static EventQueue forObservers(EventSettings settings, Counters counters, Ticker ticker) {
        RateLimitedLog warning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
        return new EventQueue("flagbridge-events", settings.queueCapacity(), () -> {
            counters.addDroppedEvent();
            warning.warn(() -> Messages.eventQueueFull(counters.droppedEvents()));
        }, ticker);
    }

    /** Queues the task, or drops it (never blocks, never throws). */
    @Override
    public void execute(Runnable task) {
        // A plain read first: when the queue is full, callers do not all write the same counter.
        if (stopping || size.get() >= capacity) {
            dropped.run();
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.run();
            return;
        }
        tasks.offer(task);
        if (finished) {
            refuse(task); // offered after the thread ended: the stop's sweep, or this, counts it
            return;
        }
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Takes the task back from the queue and counts it as dropped, unless someone else took it first. */
    private void refuse(Runnable task) {
        if (tasks.remove(task)) {
            size.decrementAndGet();
            dropped.run();
        }
    }

    /** Tasks waiting now. */
    public int size() {
        return size.get();
    }

    private void run() {
        long deadline = ticker.tick(System.currentTimeMillis());
        while (!abandoned) {
            Runnable task = tasks.poll();
            if (task != null) {
                size.decrementAndGet();
                try {
                    task.run();
                } catch (Throwable e) {
                    // Weld's notifications complete their futures with what observers throw; this is a safety net.
                    LOG.log(Level.FINE, "An async observer task failed", e);
                }
                deadline = tick(deadline);
                continue;
            }
            if (stopping) {
                return; // everything queued before the stop has run
            }
            LockSupport.parkNanos(this, LINGER_NANOS);
            deadline = tick(deadline);
            if (!tasks.isEmpty()) {
                continue;
            }
            sleeping = true;
            // Checked again after announcing the sleep: a task offered meanwhile either is seen here or sees
            // `sleeping` and unparks this thread.
            if (tasks.isEmpty() && !stopping && !abandoned) {
                if (deadline == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this,
                            TimeUnit.MILLISECONDS.toNanos(Math.max(1, deadline - System.currentTimeMillis())));
                }
            }
            sleeping = false;
            Thread.interrupted(); // only close() interrupts, and it sets `abandoned` first
            deadline = tick(deadline);
        }
    }

    private long tick(long deadline) {
        long now = System.currentTimeMillis();
        return now >= deadline ? ticker.tick(now) : deadline;
    }

    /**
     * Lets the queued tasks run, up to the deadline, then abandons what is left and ends the thread. Tasks offered
     * from now on are refused (and reported as dropped).
     *
     * @return whether every queued task ran
     */
    public boolean close(Deadline deadline) {
        stopping = true;
        LockSupport.unpark(thread);
        boolean complete;
        try {
            thread.join(deadline.remainingMillisAtLeastOne());
            complete = !thread.isAlive();
            if (!complete) {
                abandoned = true;
                thread.interrupt(); // a task blocked in an observer
                thread.join(GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            abandoned = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
            complete = false;
        }
        // A task offered while the thread ended is in the queue: counted, here or by its caller.
        finished = true;
        for (Runnable task = tasks.peek(); task != null; task = tasks.peek()) {
            refuse(task);
        }
        return complete && tasks.isEmpty();
    }
}
