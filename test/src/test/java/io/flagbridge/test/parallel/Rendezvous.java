package io.flagbridge.test.parallel;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the two parallel test classes meet: each waits here for the other, so their overrides and recordings exist
 * at the same time. Run one after the other, they would time out here instead.
 */
final class Rendezvous {

    private static final CyclicBarrier BARRIER = new CyclicBarrier(2);

    private Rendezvous() {
    }

    static void meet() {
        try {
            BARRIER.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted at the rendezvous", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new AssertionError("the other test class did not run at the same time", e);
        }
    }
}
