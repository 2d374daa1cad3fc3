package io.flagbridge.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The validated {@code segment.*} configuration (and the async event queue, which Segment is the main user of).
 *
 * @param writeKey the write key; empty when Segment is off
 * @param endpoint Segment's API base URL
 * @param anonymousId the fixed anonymous ID for evaluations without a user; empty: those are not sent
 * @param textValueMaxLength longer text values are sent as their variation ID
 * @param dedupeWindow the same exposure is sent once per window; zero: every evaluation
 * @param userAttributes the attributes that may leave the process; empty: all
 * @param privateAttributes the attributes that never leave the process
 * @param hashUserId whether user IDs are sent as HMAC-SHA256 of the identifier
 * @param hashKey the HMAC key
 * @param evaluatedEnabled whether "Feature Flag Evaluated" is sent
 * @param queueCapacity the most messages waiting for Segment
 * @param flushInterval how often a batch is sent
 * @param flushSize how many messages make a batch
 * @param retries how often a failed batch is retried
 * @param shutdownTimeout how long stopping may take to deliver what is pending
 * @param eventQueueCapacity the most exposures waiting for {@code @ObservesAsync} observers
 */
public record SegmentSettings(Optional<String> writeKey, URI endpoint, Optional<String> anonymousId,
        int textValueMaxLength, Duration dedupeWindow, Optional<Set<String>> userAttributes,
        Set<String> privateAttributes, boolean hashUserId, Optional<String> hashKey, boolean evaluatedEnabled,
        int queueCapacity, Duration flushInterval, int flushSize, int retries, Duration shutdownTimeout,
        int eventQueueCapacity) {

    public static final String WRITE_KEY = "segment.write-key";
    public static final String ENDPOINT = "segment.endpoint";
    public static final String ANONYMOUS_ID = "segment.anonymous-id";
    public static final String TEXT_VALUE_MAX_LENGTH = "segment.text-value-max-length";
    public static final String DEDUPE_WINDOW = "segment.dedupe-window";
    public static final String USER_ATTRIBUTES = "segment.user-attributes";
    public static final String PRIVATE_ATTRIBUTES = "segment.private-attributes";
    public static final String HASH_USER_ID = "segment.hash-user-id";
    public static final String HASH_KEY = "segment.hash-key";
    public static final String EVALUATED_ENABLED = "segment.evaluated.enabled";
    public static final String QUEUE_CAPACITY = "segment.queue-capacity";
    public static final String FLUSH_INTERVAL = "segment.flush-interval";
    public static final String FLUSH_SIZE = "segment.flush-size";
    public static final String RETRIES = "segment.retries";
    public static final String SHUTDOWN_TIMEOUT = "segment.shutdown-timeout";
    public static final String EVENT_QUEUE_CAPACITY = "flagbridge.events.queue-capacity";

    /** Segment's US API; the EU workspaces' is {@code https://events.eu1.segmentapis.com}. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.segment.io");

    public boolean enabled() {
        return writeKey.isPresent();
    }

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<SegmentSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        Optional<String> writeKey = reader.string(WRITE_KEY);
        URI endpoint = reader.string(ENDPOINT).map(raw -> endpoint(reader, raw)).orElse(DEFAULT_ENDPOINT);
        Optional<String> anonymousId = reader.string(ANONYMOUS_ID);
        int textMax = reader.integer("FLAGBRIDGE-0040", TEXT_VALUE_MAX_LENGTH, 256, 1);
        Duration window = reader.duration("FLAGBRIDGE-0041", DEDUPE_WINDOW, Duration.ofHours(1), Duration.ZERO);
        Optional<Set<String>> allowed = reader.list(USER_ATTRIBUTES).map(Set::copyOf);
        Set<String> denied = reader.list(PRIVATE_ATTRIBUTES).map(Set::copyOf).orElse(Set.of());
        boolean hash = reader.bool("FLAGBRIDGE-0042", HASH_USER_ID, false);
        Optional<String> hashKey = reader.string(HASH_KEY);
        if (hash && hashKey.isEmpty()) {
            reader.problem("FLAGBRIDGE-0043", HASH_USER_ID + "=true needs " + HASH_KEY
                    + " (the HMAC-SHA256 key) to be set as well");
        }
        boolean evaluated = reader.bool("FLAGBRIDGE-0044", EVALUATED_ENABLED, true);
        int capacity = reader.integer("FLAGBRIDGE-0045", QUEUE_CAPACITY, 10_000, 1);
        // analytics-java refuses less than a second.
        Duration flushInterval = reader.duration("FLAGBRIDGE-0046", FLUSH_INTERVAL, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        int flushSize = reader.integer("FLAGBRIDGE-0047", FLUSH_SIZE, 250, 1);
        int retries = reader.integer("FLAGBRIDGE-0048", RETRIES, 3, 0);
        Duration shutdown = reader.duration("FLAGBRIDGE-0049", SHUTDOWN_TIMEOUT, Duration.ofSeconds(5),
                Duration.ZERO);
        int eventCapacity = reader.integer("FLAGBRIDGE-0050", EVENT_QUEUE_CAPACITY, 10_000, 1);
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new SegmentSettings(writeKey, endpoint, anonymousId, textMax, window, allowed, denied, hash,
                hashKey, evaluated, capacity, flushInterval, flushSize, retries, shutdown, eventCapacity));
    }

    private static URI endpoint(ConfigReader reader, String raw) {
        String url = raw;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        reader.invalid("FLAGBRIDGE-0051", ENDPOINT, raw, "expected an absolute http or https URL such as "
                + DEFAULT_ENDPOINT + " or https://events.eu1.segmentapis.com");
        return DEFAULT_ENDPOINT;
    }

    @Override
    public String toString() {
        return "SegmentSettings[writeKey=" + writeKey.map(Secrets::mask) + ", endpoint=" + endpoint + ", anonymousId="
                + anonymousId + ", textValueMaxLength=" + textValueMaxLength + ", dedupeWindow=" + dedupeWindow
                + ", userAttributes=" + userAttributes + ", privateAttributes=" + privateAttributes + ", hashUserId="
                + hashUserId + ", hashKey=" + hashKey.map(Secrets::mask) + ", evaluatedEnabled=" + evaluatedEnabled
                + ", queueCapacity=" + queueCapacity + ", flushInterval=" + flushInterval + ", flushSize=" + flushSize
                + ", retries=" + retries + ", shutdownTimeout=" + shutdownTimeout + ", eventQueueCapacity="
                + eventQueueCapacity + "]";
    }
}
