package io.flagbridge.internal.util;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadCountsTest {

    @Test
    void countsEveryAddOfEveryThreadAlsoAfterTheThreadsEnded() throws Exception {
        ThreadCounts counts = new ThreadCounts(2);
        int threads = 8;
        int adds = 50_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int own = t;
            Thread thread = new Thread(() -> {
                await(start);
                for (int i = 0; i < adds; i++) {
                    counts.increment(i % 3); // slot 2 makes the first array grow
                    counts.increment(10 + own); // one slot per thread, far beyond the first array
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        long expected = (long) threads * adds;
        assertThat(counts.sum(0) + counts.sum(1) + counts.sum(2)).isEqualTo(expected);
        assertThat(counts.sum(0)).isEqualTo((long) threads * ((adds + 2) / 3));
        long[] sums = counts.sums();
        for (int t = 0; t < threads; t++) {
            assertThat(sums[10 + t]).as("slot of thread %d", t).isEqualTo(adds);
        }
        // The ended threads' cells were folded into the retired counts by those reads, and the sums stay.
        assertThat(counts.liveCells()).isZero();
        assertThat(counts.sum(0) + counts.sum(1) + counts.sum(2)).isEqualTo(expected);
        assertThat(counts.sum(99)).isZero();
    }

    @Test
    void aSumNeverGoesDownWhileThreadsAddGrowAndEnd() throws Exception {
        ThreadCounts counts = new ThreadCounts(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (!done.get()) {
                long now = counts.sum(0);
                if (now < last) {
                    wrong.set(now + " after " + last);
                }
                last = now;
            }
        });
        reader.start();
        int rounds = 200;
        for (int round = 0; round < rounds; round++) {
            int slot = round;
            Thread adder = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    counts.increment(0);
                    counts.increment(slot); // grows this thread's array while the reader reads
                }
            });
            adder.start();
            adder.join();
        }
        done.set(true);
        reader.join();
        assertThat(wrong.get()).as("a sum that went down").isNull();
        assertThat(counts.sum(0)).isEqualTo(rounds * 100L + 100L); // round 0 adds to slot 0 twice
    }

    @Test
    void cellsOfEndedThreadsGoWhenANewThreadAddsEvenIfNobodyReads() throws Exception {
        ThreadCounts counts = new ThreadCounts(1);
        for (int i = 0; i < 50; i++) {
            Thread thread = new Thread(() -> counts.increment(0));
            thread.start();
            thread.join();
        }
        // Each new thread retired the ones before it: at most the last one is left, whatever the reads.
        assertThat(counts.liveCells()).isLessThanOrEqualTo(1);
        assertThat(counts.sum(0)).isEqualTo(50);
    }

    /**
     * Runs on a Java 21 or later: the build's own, or the one the extension's POM names for the surefire execution
     * {@code virtual-threads} (on Java 17 it is skipped, saying why).
     */
    @Test
    @Tag("virtual-threads")
    void virtualThreadsAddToSharedAddersAndLeaveNoCell() throws Exception {
        if (Runtime.version().feature() < 21) {
            String reason = "virtual threads need Java 21 or later; this is Java " + Runtime.version() + " at "
                    + System.getProperty("java.home") + " (name a Java 21+ with -Dvirtual-threads.jvm=<its bin/java>)";
            System.out.println("[SKIPPED] ThreadCountsTest.virtualThreadsAddToSharedAddersAndLeaveNoCell: " + reason);
            Assumptions.abort(reason);
        }
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
        ThreadCounts counts = new ThreadCounts(1);
        Queue<Boolean> seenAsVirtual = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Thread thread = (Thread) unstarted.invoke(builder, (Runnable) () -> {
                seenAsVirtual.add(ThreadCounts.isVirtual(Thread.currentThread()));
                counts.increment(0);
                counts.increment(3);
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seenAsVirtual).as("ThreadCounts.isVirtual on each virtual thread").hasSize(100).containsOnly(true);
        assertThat(counts.liveCells()).as("cells of virtual threads").isZero();
        assertThat(counts.sum(0)).isEqualTo(100);
        assertThat(counts.sums()).containsExactly(100, 0, 0, 100);
        assertThat(ThreadCounts.isVirtual(Thread.currentThread())).isFalse();
    }

    @Test
    void aThreadThatLivesOnKeepsNoScratchOnceItsCountsAreGone() {
        ThreadCounts counts = new ThreadCounts(1);
        counts.increment(0);
        WeakReference<ThreadCounts.Scratch> scratch = new WeakReference<>(counts.scratch());
        assertThat(counts.sum(0)).isEqualTo(1);
        counts = null; // an undeployed application's counts; this thread (a server's pooled one) lives on
        Awaitility.await("the scratch collected").atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return scratch.get() == null;
        });
    }

    @Test
    void twoLiveThreadsWithOneSeatEachKeepTheirOwnScratchAndCounts() throws Exception {
        ThreadCounts counts = new ThreadCounts(2);
        int adds = 100_000;
        CyclicBarrier start = new CyclicBarrier(2);
        Queue<ThreadCounts.Scratch> scratches = new ConcurrentLinkedQueue<>();
        Queue<Boolean> sameEachTime = new ConcurrentLinkedQueue<>();
        Runnable adding = () -> {
            await(start);
            ThreadCounts.Scratch first = counts.scratch();
            boolean same = true;
            for (int i = 0; i < adds; i++) {
                ThreadCounts.Scratch now = counts.scratch();
                same &= now == first;
                now.increment(0);
            }
            scratches.add(first);
            sameEachTime.add(same);
        };
        // Thread IDs are handed out in order: the 512th thread made after the first has the first one's seat.
        Thread first = new Thread(adding);
        Thread second = new Thread(adding);
        while ((second.getId() - first.getId()) % 512 != 0) {
            second = new Thread(adding);
        }
        first.start();
        second.start();
        first.join();
        second.join();
        assertThat(scratches).hasSize(2).doesNotHaveDuplicates();
        assertThat(sameEachTime).containsExactly(true, true);
        assertThat(counts.sum(0)).isEqualTo(2L * adds);
    }

    @Test
    void anEndedThreadsSeatIsFreedWithItsCell() throws Exception {
        ThreadCounts counts = new ThreadCounts(1);
        Thread thread = new Thread(() -> counts.increment(0));
        thread.start();
        thread.join();
        assertThat(counts.seated()).isEqualTo(1);
        assertThat(counts.sum(0)).isEqualTo(1);
        assertThat(counts.seated()).as("seats after the ended thread's cell went").isZero();
        assertThat(counts.liveCells()).isZero();
    }

    @Test
    void aNegativeSlotIsRefused() {
        ThreadCounts counts = new ThreadCounts(1);
        assertThatThrownBy(() -> counts.increment(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRememberedIdentifierHashIsAlwaysTheHashOfTheIdentifierAsked() throws Exception {
        String alice = "alice@example.com";
        String bob = "bob@example.com";
        String anotherAlice = new String(alice.toCharArray()); // equal text, another object
        ThreadCounts counts = new ThreadCounts(1);
        ThreadCounts.Scratch scratch = counts.scratch();
        for (String identifier : List.of(alice, alice, bob, alice, anotherAlice, bob, bob, "", alice)) {
            assertThat(scratch.hash(identifier)).as(identifier).isEqualTo(Hash64.of(identifier));
        }
        // Each thread's scratch remembers its own last identifier.
        long[] onOtherThread = new long[1];
        Thread other = new Thread(() -> onOtherThread[0] = counts.scratch().hash(bob));
        other.start();
        other.join();
        assertThat(onOtherThread[0]).isEqualTo(Hash64.of(bob));
        assertThat(scratch.hash(alice)).isEqualTo(Hash64.of(alice));
        assertThat(counts.scratch()).isSameAs(scratch);
    }
}
