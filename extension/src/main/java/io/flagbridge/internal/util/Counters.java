package io.flagbridge.internal.util;

import java.util.concurrent.atomic.LongAdder;

import io.flagbridge.SegmentStats;

/** The application's delivery counters; the injectable {@link SegmentStats}. */
public final class Counters implements SegmentStats {

    private final LongAdder sent = new LongAdder();
    private final LongAdder deduped = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder droppedEvents = new LongAdder();
    private final LongAdder pending = new LongAdder();

    @Override
    public long sent() {
        return sent.sum();
    }

    @Override
    public long deduped() {
        return deduped.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long failed() {
        return failed.sum();
    }

    @Override
    public long pending() {
        return pending.sum();
    }

    @Override
    public long droppedEvents() {
        return droppedEvents.sum();
    }

    public void addSent(long messages) {
        sent.add(messages);
    }

    public void addDeduped() {
        deduped.increment();
    }

    public void addDropped() {
        dropped.increment();
    }

    public void addDroppedEvent() {
        droppedEvents.increment();
    }

    public void addFailed(long messages) {
        failed.add(messages);
    }

    public void addPending(long delta) {
        pending.add(delta);
    }

    @Override
    public String toString() {
        return "SegmentStats[sent=" + sent() + ", deduped=" + deduped() + ", dropped=" + dropped() + ", failed="
                + failed() + ", pending=" + pending() + ", droppedEvents=" + droppedEvents() + "]";
    }
}
