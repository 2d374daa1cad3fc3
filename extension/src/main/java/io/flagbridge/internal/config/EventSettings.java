package io.flagbridge.internal.config;

import java.util.Optional;

import io.flagbridge.internal.Messages;

import static io.flagbridge.internal.ConfigKeys.EVENTS_QUEUE_CAPACITY;

/**
 * The validated {@code flagbridge.events.*} configuration.
 *
 * @param queueCapacity the most events waiting for {@code @ObservesAsync} observers
 */
public record EventSettings(int queueCapacity) {

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<EventSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        int capacity = reader.integer(EVENTS_QUEUE_CAPACITY, 10_000, 1, Messages::eventsQueueCapacityInvalid);
        return reader.problems().size() > before ? Optional.empty() : Optional.of(new EventSettings(capacity));
    }
}
