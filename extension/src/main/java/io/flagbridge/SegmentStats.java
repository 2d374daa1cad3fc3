package io.flagbridge;

/**
 * FlagBridge's delivery counters for this application, since it started. Inject it anywhere
 * ({@code @Inject SegmentStats stats}). Messages are Segment's identify and track calls; an exposure gives at most
 * two. All message counters are zero when Segment is not enabled.
 */
public interface SegmentStats {

    /** Messages (identify and track) that Segment accepted. */
    long sent();

    /** Evaluations not passed on because the same exposure was already seen within the dedupe window. */
    long deduped();

    /**
     * Messages dropped because {@code segment.queue-capacity} messages were already waiting for Segment, or because
     * the application was stopping.
     */
    long dropped();

    /** Messages that Segment did not accept after the configured retries. */
    long failed();

    /** Messages waiting to be delivered now. */
    long pending();

    /**
     * Events ({@code FlagEvaluated} exposures, {@code FlagChanged}) that {@code @ObservesAsync} observers, the
     * Segment dispatcher among them, did not get because FlagBridge's event queue
     * ({@code flagbridge.events.queue-capacity}) was full. Counted in events, not messages.
     */
    long droppedEvents();
}
