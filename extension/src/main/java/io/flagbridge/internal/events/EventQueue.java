package io.flagbridge.internal.events;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongUnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.flagbridge.internal.client.NamedThreadFactory;

/**
 * FlagBridge's executor for {@code @ObservesAsync} observers: one named thread, at most {@code capacity} waiting
 * tasks, the rest dropped and reported. It is handed a task inside every exposure, on the evaluating thread, so the
 * hand-over is cheap: a lock-free queue and no lock, and no wake-up of the event thread while it is busy or lingering
 * (a {@code ThreadPoolExecutor} on a blocking queue signals its worker for every task: a futex call on the caller's
 * thread, several microseconds, whenever the worker had caught up). When the queue is empty the thread lingers 1 ms
 * for more work and then sleeps until a task arrives.
 */
public final class EventQueue implements Executor {

    private static final Logger LOG = Logger.getLogger(EventQueue.class.getName());
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Runnable dropped;
    private final LongUnaryOperator clock;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean abandoned;

    /**
     * Starts the thread now, so that it takes the current (the application's) context class loader.
     *
     * @param name the thread's name prefix
     * @param capacity how many tasks may wait
     * @param dropped told, on the caller's thread, of each task refused because the queue was full or stopping
     * @param clock told the time (epoch millis) after each task and at the deadline it returned last; returns the
     *        next deadline, {@link Long#MAX_VALUE} for none (this thread keeps the dedupe window's time, so that the
     *        evaluating threads need not read the clock)
     */
    public EventQueue(String name, int capacity, Runnable dropped, LongUnaryOperator clock) {
        this.capacity = capacity;
        this.dropped = dropped;
        this.clock = clock;
        this.thread = new NamedThreadFactory(name).newThread(this::run);
        this.thread.start();
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
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Tasks waiting now. */
    public int size() {
        return size.get();
    }

    private void run() {
        long deadline = clock.applyAsLong(System.currentTimeMillis());
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
        return now >= deadline ? clock.applyAsLong(now) : deadline;
    }

    /**
     * Lets the queued tasks run, up to the timeout, then abandons what is left and ends the thread.
     *
     * @return whether every queued task ran
     */
    public boolean close(long timeout, TimeUnit unit) {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, unit.toMillis(timeout)));
            if (thread.isAlive()) {
                abandoned = true;
                thread.interrupt(); // a task blocked in an observer
                thread.join(1_000);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            abandoned = true;
            thread.interrupt();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
