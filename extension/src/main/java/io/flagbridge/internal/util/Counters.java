package io.flagbridge.internal.util;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flagbridge.SegmentStats;

/** The application's delivery counters; the injectable {@link SegmentStats}. */
public final class Counters implements SegmentStats {

    private final LongAdder sent = new LongAdder();
    /**
     * Counts added on the evaluating thread (no CAS there): slot {@link #dedupedSlot}, and the slots that OpenTelemetry's
     * evaluation counts reserve.
     */
    private final ThreadCounts perThread = new ThreadCounts(64);
    private final int dedupedSlot = perThread.reserve(1);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder droppedEvents = new LongAdder();
    private final LongAdder pending = new LongAdder();
    /** The outcomes of webhook requests that are counted (a request after the stop is not). */
    public static final List<String> WEBHOOK_OUTCOMES = List.of("accepted", "replayed", "unauthorized", "malformed",
            "too_large");

    private final Map<String, LongAdder> webhookRequests = WEBHOOK_OUTCOMES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), outcome -> new LongAdder()));
    private volatile Attempt lastSuccess;
    private volatile Attempt lastFailure;

    /**
     * An upload to Segment, for the health check.
     *
     * @param what empty for a success; else the HTTP status ({@code HTTP 503}) or the exception's class, never a
     *        message (it could hold a host or key)
     */
    public record Attempt(Instant at, String what) {
    }

    @Override
    public long sent() {
        return sent.sum();
    }

    @Override
    public long deduped() {
        return perThread.sum(dedupedSlot);
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

    /** Counts a repeated exposure in the evaluating thread's scratch ({@link ThreadCounts#scratch()}). */
    public void addDeduped(ThreadCounts.Scratch scratch) {
        scratch.increment(dedupedSlot);
    }

    /** The counts added on evaluating threads; their scratch. */
    public ThreadCounts perThread() {
        return perThread;
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

    /** @param outcome one of {@link #WEBHOOK_OUTCOMES} */
    public void addWebhookRequest(String outcome) {
        webhookRequests.get(outcome).increment();
    }

    /** @param outcome one of {@link #WEBHOOK_OUTCOMES} */
    public long webhookRequests(String outcome) {
        return webhookRequests.get(outcome).sum();
    }

    /** Segment took a batch. */
    public void uploadSucceeded(Instant at) {
        lastSuccess = new Attempt(at, "");
    }

    /** An upload failed or was refused (retried or not). */
    public void uploadFailed(Instant at, String what) {
        lastFailure = new Attempt(at, what);
    }

    public Optional<Attempt> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    public Optional<Attempt> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    @Override
    public String toString() {
        return "SegmentStats[sent=" + sent() + ", deduped=" + deduped() + ", dropped=" + dropped() + ", failed="
                + failed() + ", pending=" + pending() + ", droppedEvents=" + droppedEvents() + "]";
    }
}
