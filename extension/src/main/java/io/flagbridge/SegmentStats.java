package io.flagbridge;

/**
 * FlagBridge's delivery counters for this application, since it started. Inject it anywhere
 * ({@code @Inject SegmentStats stats}). Messages are Segment's identify and track calls; an exposure gives at most
 * two. All message counters are zero when Segment is not enabled.
 */
public interface SegmentStats {

    /**
     * Messages (identify and track) that Segment accepted.
     *
     * @return their number, 0 or more
     */
    long sent();

    /**
     * Evaluations not passed on because the same exposure was already seen within the dedupe window.
     *
     * @return their number, 0 or more
     */
    long deduped();

    /**
     * Messages dropped because {@code segment.queue-capacity} messages were already waiting for Segment, or because
     * the application was stopping.
     *
     * @return their number, 0 or more
     */
    long dropped();

    /**
     * Messages that Segment did not accept after the configured retries.
     *
     * @return their number, 0 or more
     */
    long failed();

    /**
     * Messages not yet delivered or given up: those waiting for a batch (at most {@code segment.queue-capacity}) and
     * those in the batches in flight or waiting for a retry (at most {@code segment.max-in-flight} batches).
     *
     * @return their number, 0 or more
     */
    long pending();

    /**
     * Events ({@code FlagEvaluated} exposures, {@code FlagChanged}) that {@code @ObservesAsync} observers, the
     * Segment dispatcher among them, did not get because FlagBridge's event queue
     * ({@code flagbridge.events.queue-capacity}) was full. Counted in events, not messages.
     *
     * @return their number, 0 or more
     */
    long droppedEvents();
}
