package io.flagbridge.test.internal;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

/**
 * The test kit as a bean, where the container runs build compatible extensions (Quarkus): {@link TestKitBuildExtension}
 * adds it, and it produces the {@link TestFlags} and {@link RecordedSegment} beans.
 */
@Singleton
public class KitBean extends Kit {

    @Produces
    @Singleton
    public TestFlags testFlags() {
        return flags();
    }

    @Produces
    @Singleton
    public RecordedSegment recordedSegment() {
        return segment();
    }
}
