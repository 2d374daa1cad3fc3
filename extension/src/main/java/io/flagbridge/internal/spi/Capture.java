package io.flagbridge.internal.spi;

import java.util.List;

/** Takes the Segment batches that would have been posted. */
public interface Capture {

    /**
     * One batch, in order: each element is the JSON of one message exactly as FlagBridge would send it, with the
     * batch's {@code context} merged into the message's own (the message's keys win, as at Segment).
     */
    void batch(List<String> messages);
}
