package io.flagbridge;

/**
 * FlagBridge's delivery counters for this application, since it started. Inject it anywhere
 * ({@code @Inject SegmentStats stats}); all counters are zero when Segment is not enabled.
 */
public interface SegmentStats {

    /** Messages (identify and track) that Segment accepted. */
    long sent();

    /** Evaluations not passed on because the same exposure was already seen within the dedupe window. */
    long deduped();

    /** Messages or events dropped because a bounded queue was full. */
    long dropped();

    /** Messages that Segment did not accept after the configured retries. */
    long failed();

    /** Messages waiting to be delivered now. */
    long pending();
}
