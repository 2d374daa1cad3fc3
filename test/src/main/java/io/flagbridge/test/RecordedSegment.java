package io.flagbridge.test;

import java.time.Duration;
import java.util.List;

/**
 * The Segment messages FlagBridge would have sent, recorded in memory instead (nothing reaches Segment while the kit
 * is on the class path, whatever {@code segment.write-key} and {@code segment.endpoint} say; without a write key the
 * kit uses a placeholder). Each string is the JSON of one message exactly as FlagBridge would send it, with the
 * batch's {@code context} ({@code library}) merged into the message's own, in the order FlagBridge sent them.
 * <p>
 * Delivery is asynchronous (FlagBridge's event queue, then its Segment sender): use {@link #awaitTracks} for messages
 * of evaluations just made. A bean ({@code @Inject RecordedSegment}); each application has its own recording.
 */
public interface RecordedSegment {

    /**
     * The messages recorded so far, in order: every one, up to the latest 10,000 (older ones are forgotten).
     *
     * @return the messages' JSON, in the order sent; empty when none
     */
    List<String> messages();

    /**
     * The {@code track} messages of one event, in order.
     *
     * @param event the event name, for example {@code "Feature Flag Evaluated"}
     * @return the tracks' JSON, in the order sent; empty when none
     */
    List<String> tracks(String event);

    /**
     * The {@code identify} messages, in order.
     *
     * @return the identifies' JSON, in the order sent; empty when none
     */
    List<String> identifies();

    /** Forgets what was recorded. */
    void clear();

    /**
     * Waits until at least {@code count} tracks of {@code event} were recorded, having FlagBridge send what it holds
     * meanwhile.
     *
     * @param event the event name
     * @param count at least 1
     * @param timeout how long to wait at most, positive
     * @return the tracks of {@code event}, at least {@code count} of them
     * @throws AssertionError ({@code FLAGBRIDGE-0206}) naming every message that did arrive, when the time is up
     */
    List<String> awaitTracks(String event, int count, Duration timeout);
}
