package io.flagbridge.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.util.Secret;

import static io.flagbridge.internal.ConfigKeys.ANONYMOUS_ID;
import static io.flagbridge.internal.ConfigKeys.DEDUPE_WINDOW;
import static io.flagbridge.internal.ConfigKeys.ENDPOINT;
import static io.flagbridge.internal.ConfigKeys.EVALUATED_ENABLED;
import static io.flagbridge.internal.ConfigKeys.EXPOSURES;
import static io.flagbridge.internal.ConfigKeys.EXPOSURE_FLAGS;
import static io.flagbridge.internal.ConfigKeys.FLUSH_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.FLUSH_SIZE;
import static io.flagbridge.internal.ConfigKeys.HASH_KEY;
import static io.flagbridge.internal.ConfigKeys.HASH_USER_ID;
import static io.flagbridge.internal.ConfigKeys.MAX_IN_FLIGHT;
import static io.flagbridge.internal.ConfigKeys.PRIVATE_ATTRIBUTES;
import static io.flagbridge.internal.ConfigKeys.QUEUE_CAPACITY;
import static io.flagbridge.internal.ConfigKeys.QUEUE_MAX_BYTES;
import static io.flagbridge.internal.ConfigKeys.RETRIES;
import static io.flagbridge.internal.ConfigKeys.SHUTDOWN_TIMEOUT;
import static io.flagbridge.internal.ConfigKeys.TEXT_VALUE_MAX_LENGTH;
import static io.flagbridge.internal.ConfigKeys.USER_ATTRIBUTES;
import static io.flagbridge.internal.ConfigKeys.WRITE_KEY;

/**
 * The validated {@code segment.*} configuration.
 *
 * @param writeKey the write key; empty when Segment is off
 * @param endpoint Segment's API base URL
 * @param anonymousId the fixed anonymous ID for evaluations without a user; empty: those are not sent
 * @param textValueMaxLength longer text values are sent as their variation ID
 * @param dedupeWindow the same exposure is sent once per window; zero: every evaluation
 * @param userAttributes the attributes that may leave the process; empty: all
 * @param privateAttributes the attributes that never leave the process
 * @param hashKey the HMAC key of user IDs; empty: user IDs are sent as they are
 * @param evaluatedEnabled whether "Feature Flag Evaluated" is sent
 * @param queueCapacity the most messages waiting for Segment
 * @param queueMaxBytes the most bytes of messages waiting for Segment
 * @param flushInterval how often a batch is sent
 * @param flushSize how many messages make a batch
 * @param retries how often a failed batch is retried
 * @param maxInFlight the most batches in flight at once (one per lane; the window adapts below it)
 * @param shutdownTimeout how long stopping may take to deliver what is pending
 * @param exposures which evaluations are exposures ({@code segment.exposures})
 * @param exposureFlags the only flags whose evaluations are exposures; empty: every flag
 */
public record SegmentSettings(Optional<Secret> writeKey, URI endpoint, Optional<String> anonymousId,
        int textValueMaxLength, Duration dedupeWindow, Optional<Set<String>> userAttributes,
        Set<String> privateAttributes, Optional<Secret> hashKey, boolean evaluatedEnabled, int queueCapacity,
        long queueMaxBytes, Duration flushInterval, int flushSize, int retries, int maxInFlight,
        Duration shutdownTimeout, Exposures exposures, Optional<Set<String>> exposureFlags) {

    /** Which evaluations become "Feature Flag Evaluated" ({@code segment.exposures}). */
    public enum Exposures {
        /** Every evaluation (after the dedupe window). */
        ALL,
        /** Results that a targeting rule or a percentage option decided: the user is in a rollout or an experiment. */
        TARGETED,
        /** Results that a percentage option decided, also one inside a targeting rule: the user is in a split. */
        SPLIT
    }

    private static final Map<String, Exposures> EXPOSURES_WORDS = ConfigReader.words("all", Exposures.ALL,
            "targeted", Exposures.TARGETED, "split", Exposures.SPLIT);

    /** Segment's US API; the EU workspaces' is {@code https://events.eu1.segmentapis.com}. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.segment.io");
    /** Segment takes at most 2,500 messages in a batch. */
    public static final int MAX_BATCH_MESSAGES = 2_500;
    /** Batches in flight at once unless configured. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    /** The most batches in flight (and lanes, each with its thread) that can be configured. */
    public static final int MAX_MAX_IN_FLIGHT = 32;
    /** The longest {@code segment.dedupe-window}: a month. */
    public static final Duration MAX_DEDUPE_WINDOW = Duration.ofDays(30);
    /** The longest {@code segment.flush-interval}. */
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofHours(1);
    /** The longest {@code segment.shutdown-timeout}: a server's own stop gives up long before. */
    public static final Duration MAX_SHUTDOWN_TIMEOUT = Duration.ofMinutes(5);
    /** Messages per batch unless configured. */
    public static final int DEFAULT_FLUSH_SIZE = 1000;

    public boolean enabled() {
        return writeKey.isPresent();
    }

    /** Whether user IDs are sent as HMAC-SHA256 of the identifier ({@code segment.hash-user-id}). */
    public boolean hashUserId() {
        return hashKey.isPresent();
    }

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<SegmentSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        Optional<Secret> writeKey = reader.string(WRITE_KEY).map(Secret::of);
        URI endpoint = reader.string(ENDPOINT).map(raw -> endpoint(reader, raw)).orElse(DEFAULT_ENDPOINT);
        Optional<String> anonymousId = reader.string(ANONYMOUS_ID);
        int textMax = reader.integer(TEXT_VALUE_MAX_LENGTH, 256, 1, Messages::textValueMaxLengthInvalid);
        Duration window = reader.duration(DEDUPE_WINDOW, Duration.ofHours(1), Duration.ZERO, MAX_DEDUPE_WINDOW,
                Messages::dedupeWindowInvalid);
        Optional<Set<String>> allowed = reader.list(USER_ATTRIBUTES).map(Set::copyOf);
        Set<String> denied = reader.list(PRIVATE_ATTRIBUTES).map(Set::copyOf).orElse(Set.of());
        boolean hash = reader.bool(HASH_USER_ID, false, Messages::hashUserIdInvalid);
        Optional<Secret> hashKey = reader.string(HASH_KEY).map(Secret::of);
        if (hash && hashKey.isEmpty()) {
            reader.problem(Messages.hashKeyMissing());
        }
        boolean evaluated = reader.bool(EVALUATED_ENABLED, true, Messages::evaluatedEnabledInvalid);
        int capacity = reader.integer(QUEUE_CAPACITY, 10_000, 1, Messages::queueCapacityInvalid);
        // At least one message of Segment's largest.
        long maxBytes = reader.bytes(QUEUE_MAX_BYTES, 16L << 20, 32L << 10, Messages::queueMaxBytesInvalid);
        // Shorter intervals make many small requests; a full batch goes at once anyway.
        Duration flushInterval = reader.duration(FLUSH_INTERVAL, Duration.ofSeconds(10), Duration.ofSeconds(1),
                MAX_FLUSH_INTERVAL, Messages::flushIntervalInvalid);
        // Segment takes up to 2,500 messages (and 500 KB) in a batch; the default, of exposures, makes a batch of about 340 KB.
        int flushSize = reader.integer(FLUSH_SIZE, DEFAULT_FLUSH_SIZE, 1, MAX_BATCH_MESSAGES,
                Messages::flushSizeInvalid);
        int retries = reader.integer(RETRIES, 3, 0, Messages::retriesInvalid);
        int maxInFlight = reader.integer(MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT, 1, MAX_MAX_IN_FLIGHT,
                Messages::maxInFlightInvalid);
        Duration shutdown = reader.duration(SHUTDOWN_TIMEOUT, Duration.ofSeconds(5), Duration.ZERO,
                MAX_SHUTDOWN_TIMEOUT, Messages::shutdownTimeoutInvalid);
        Exposures exposures = reader.choice(EXPOSURES, EXPOSURES_WORDS, Exposures.ALL, Messages::exposuresInvalid);
        Optional<Set<String>> exposureFlags = reader.list(EXPOSURE_FLAGS).map(Set::copyOf);
        if (exposureFlags.filter(Set::isEmpty).isPresent()) {
            reader.problem(Messages.exposureFlagsEmpty(reader.string(EXPOSURE_FLAGS).orElseThrow()));
        }
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new SegmentSettings(writeKey, endpoint, anonymousId, textMax, window, allowed, denied,
                hash ? hashKey : Optional.empty(), evaluated, capacity, maxBytes, flushInterval, flushSize, retries,
                maxInFlight, shutdown, exposures, exposureFlags));
    }

    private static URI endpoint(ConfigReader reader, String raw) {
        String url = raw;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = URI.create(url);
            if (ConfigReader.isHttpUrl(uri)) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        reader.problem(Messages.endpointInvalid(raw, "expected an absolute http or https URL such as "
                + DEFAULT_ENDPOINT + " or https://events.eu1.segmentapis.com"));
        return DEFAULT_ENDPOINT;
    }
}
