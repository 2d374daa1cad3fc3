package io.flagbridge.it.support;

import io.flagbridge.testing.FakeSegment;

/** The fake Segment server of a test JVM; it runs before the test archives are built (they hold its URL). */
public final class SharedSegment {

    public static final FakeSegment SEGMENT = FakeSegment.start();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SEGMENT::close, "fake-segment-shutdown"));
    }

    private SharedSegment() {
    }
}
