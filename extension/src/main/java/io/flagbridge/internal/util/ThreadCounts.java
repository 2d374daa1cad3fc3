package io.flagbridge.internal.util;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters that the evaluating threads add to without an atomic read-modify-write: each thread adds to its own array
 * with a plain read and an opaque write, and a reader sums every thread's array. A {@code LongAdder} costs a CAS per
 * add (about 14 ns on the 2-core machine of {@code benchmarks/RESULTS.md}, more than the rest of FlagBridge's
 * telemetry together); this costs a thread-local read.
 * <p>
 * Counts are exact: every add lands in one thread's array and is read by the next reader that sees it (opaque reads
 * and writes of a {@code long} never tear). Sums only grow: a thread that ends has its counts folded into a retired
 * array by the next reader, after {@code Thread.isAlive()} has made its last writes visible.
 * <p>
 * A thread finds its {@link Scratch} in a small table of seats indexed by its thread ID (one array read and one
 * compare, where a thread-local read in a server's crowded thread-local map costs 10-15 ns); a thread whose seat
 * another live thread holds finds it through a thread-local. A scratch is held strongly by these counts (while the
 * thread lives) and by the thread-local only through a {@code WeakReference}, a JDK type: a server's pooled threads
 * keep no FlagBridge object, and so no class loader of an undeployed application, once its counts are gone. A slot is an index
 * the caller chose; arrays grow to
 * the highest slot added. A virtual thread (Java 21) lives for one task, so it gets no array of its own: it adds to
 * shared adders, as a {@code LongAdder} would.
 */
public final class ThreadCounts {

    /**
     * What an evaluating thread keeps for FlagBridge: its counts, and the last text it hashed with that hash. Read once
     * per evaluation ({@link #scratch()}) and handed down the hook, so that everything an evaluation counts and hashes
     * costs one thread-local read (each read costs a few nanoseconds in a server's crowded thread-local maps). Only
     * its own thread uses it.
     */
    public static final class Scratch {
        private final ThreadCounts owner;
        private final Thread thread;
        /** The thread's array; null for a virtual thread (then the shared adders). Replaced when it grows. */
        private volatile AtomicLongArray counts;
        private String lastText;
        private long lastHash;

        private Scratch(ThreadCounts owner, Thread thread, AtomicLongArray counts) {
            this.owner = owner;
            this.thread = thread;
            this.counts = counts;
        }

        /** Adds one to {@code slot} for this scratch's thread. */
        public void increment(int slot) {
            AtomicLongArray own = counts;
            if (own == null) {
                owner.sharedAdder(slot).increment();
                return;
            }
            if (slot >= own.length()) {
                own = owner.grow(this, slot);
            }
            own.setOpaque(slot, own.getPlain(slot) + 1);
        }

        /**
         * {@link Hash64#of} the text, remembered for the last text (the same string object): a request evaluates its
         * flags for one user, so it hashes the identifier once, not once per flag (a 40-character identifier takes
         * about 40 ns).
         */
        public long hash(String text) {
            if (lastText != text) {
                lastHash = Hash64.of(text);
                lastText = text;
            }
            return lastHash;
        }
    }

    /** Java 21's {@code Thread.isVirtual()}, not in Java 17's API; null before Java 21. */
    private static final MethodHandle IS_VIRTUAL = isVirtual();

    /** Seats, a power of two: thread IDs are handed out in order, so a pool's live threads rarely share a seat. */
    private static final int SEATS = 512;

    /**
     * The scratch of a live platform thread at its thread ID's seat, or null. Plain reads and writes: a scratch's
     * fields that another thread reads are final, and a thread only takes a seat whose scratch is its own.
     */
    private final Scratch[] seats = new Scratch[SEATS];
    private final ThreadLocal<WeakReference<Scratch>> local = new ThreadLocal<>();
    private final int initialSlots;
    private final AtomicInteger reserved = new AtomicInteger();
    /** Every live thread's scratch; guarded by {@code this}, as is {@link #retired}. */
    private final List<Scratch> cells = new ArrayList<>();
    private long[] retired = new long[0];
    /** The adds of virtual threads, by slot; guarded by {@code this} when it grows. */
    private volatile LongAdder[] shared = new LongAdder[0];

    /** @param initialSlots the size of a thread's first array (it grows when a higher slot is added) */
    public ThreadCounts(int initialSlots) {
        this.initialSlots = Math.max(1, initialSlots);
    }

    /** Reserves {@code slots} consecutive slots for one user of these counts and returns the first. */
    public int reserve(int slots) {
        return reserved.getAndAdd(slots);
    }

    /** The calling thread's scratch. A virtual thread gets a new one each time. */
    public Scratch scratch() {
        Thread thread = Thread.currentThread();
        Scratch seated = seats[seat(thread)];
        return seated != null && seated.thread == thread ? seated : unseated(thread);
    }

    private static int seat(Thread thread) {
        return (int) thread.getId() & (SEATS - 1);
    }

    /** A thread whose seat holds another thread's scratch, or none yet. */
    private Scratch unseated(Thread thread) {
        WeakReference<Scratch> reference = local.get();
        Scratch scratch = reference == null ? null : reference.get();
        return scratch != null ? scratch : firstScratch(thread);
    }

    /** Adds one to {@code slot} for the calling thread. */
    public void increment(int slot) {
        scratch().increment(slot);
    }

    private Scratch firstScratch(Thread thread) {
        if (isVirtual(thread)) {
            return new Scratch(this, thread, null);
        }
        synchronized (this) {
            // A new thread: the cells of ended ones go now, so they never pile up, read or not.
            retire();
            Scratch scratch = new Scratch(this, thread, new AtomicLongArray(Math.max(initialSlots, reserved.get())));
            cells.add(scratch);
            local.set(new WeakReference<>(scratch));
            int seat = seat(thread);
            if (seats[seat] == null) {
                seats[seat] = scratch;
            }
            return scratch;
        }
    }

    private LongAdder sharedAdder(int slot) {
        LongAdder[] adders = shared;
        if (slot < adders.length) {
            return adders[slot];
        }
        synchronized (this) {
            adders = shared;
            if (slot >= adders.length) {
                LongAdder[] more = Arrays.copyOf(adders, Math.max(slot + 1, Math.max(adders.length * 2, initialSlots)));
                for (int i = adders.length; i < more.length; i++) {
                    more[i] = new LongAdder();
                }
                shared = more;
                adders = more;
            }
            return adders[slot];
        }
    }

    /** The sum of {@code slot} over every thread, ended ones included. */
    public synchronized long sum(int slot) {
        retire();
        long sum = slot < retired.length ? retired[slot] : 0;
        LongAdder[] adders = shared;
        if (slot < adders.length) {
            sum += adders[slot].sum();
        }
        for (Scratch cell : cells) {
            AtomicLongArray counts = cell.counts;
            if (slot < counts.length()) {
                sum += counts.getOpaque(slot);
            }
        }
        return sum;
    }

    /** Every slot's sum, in one pass (a collection reads many slots). */
    public synchronized long[] sums() {
        retire();
        LongAdder[] adders = shared;
        long[] sums = Arrays.copyOf(retired, Math.max(retired.length, adders.length));
        for (int slot = 0; slot < adders.length; slot++) {
            sums[slot] += adders[slot].sum();
        }
        for (Scratch cell : cells) {
            AtomicLongArray counts = cell.counts;
            if (counts.length() > sums.length) {
                sums = Arrays.copyOf(sums, counts.length());
            }
            for (int slot = 0; slot < counts.length(); slot++) {
                sums[slot] += counts.getOpaque(slot);
            }
        }
        return sums;
    }

    private static MethodHandle isVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    /** A larger copy of the thread's array, with room for {@code slot}, that readers switch to. */
    private synchronized AtomicLongArray grow(Scratch scratch, int slot) {
        AtomicLongArray old = scratch.counts;
        AtomicLongArray counts = new AtomicLongArray(Math.max(old.length() * 2, slot + 1));
        // Only this thread writes its array, so the copy misses nothing; readers see the old one until the swap.
        for (int i = 0; i < old.length(); i++) {
            counts.setPlain(i, old.getPlain(i));
        }
        scratch.counts = counts;
        return counts;
    }

    /** Folds the counts of threads that ended into {@link #retired}, so the cells of ended threads do not pile up. */
    private void retire() {
        for (Iterator<Scratch> each = cells.iterator(); each.hasNext();) {
            Scratch cell = each.next();
            // isAlive() false: the thread's last writes happen-before this read (JLS 17.4.4).
            if (!cell.thread.isAlive()) {
                AtomicLongArray counts = cell.counts;
                if (counts.length() > retired.length) {
                    retired = Arrays.copyOf(retired, counts.length());
                }
                for (int slot = 0; slot < counts.length(); slot++) {
                    retired[slot] += counts.getOpaque(slot);
                }
                each.remove();
                int seat = seat(cell.thread);
                if (seats[seat] == cell) {
                    seats[seat] = null; // free for the next thread with that seat
                }
            }
        }
    }

    /** Threads whose cells are alive (for tests: ended threads' cells go at the next read). */
    synchronized int liveCells() {
        return cells.size();
    }

    /** Seats taken (for tests: an ended thread's seat is freed when its cell goes). */
    synchronized int seated() {
        int taken = 0;
        for (Scratch seated : seats) {
            if (seated != null) {
                taken++;
            }
        }
        return taken;
    }
}
