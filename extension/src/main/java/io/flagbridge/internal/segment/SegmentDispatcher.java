package io.flagbridge.internal.segment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.events.Counters;
import io.flagbridge.internal.events.ExposureFilter;
import io.flagbridge.internal.events.RateLimitedLog;

/**
 * The asynchronous observer of {@link FlagEvaluated} exposures that sends Segment's identify and "Feature Flag
 * Evaluated" track messages.
 */
public final class SegmentDispatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SegmentDispatcher.class.getName());
    private static final int IDENTIFIED_USERS = 1 << 16;

    private final SegmentSettings settings;
    private final SegmentMessages messages;
    private final ExposureFilter window;
    private final Delivery delivery;
    // user ID -> (traits, window) last identified; cleared when it grows past IDENTIFIED_USERS.
    private final Map<String, Identified> identified = new ConcurrentHashMap<>();
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, java.util.concurrent.TimeUnit.MINUTES);

    private record Identified(Map<String, Object> traits, long bucket) {
    }

    public SegmentDispatcher(SegmentSettings settings, ExposureFilter window, Counters counters) {
        this.settings = settings;
        this.messages = new SegmentMessages(settings);
        this.window = window;
        this.delivery = new Delivery(settings, counters);
    }

    /** Called for each exposure, on FlagBridge's event thread. */
    public void evaluated(FlagEvaluated event) {
        if (!settings.evaluatedEnabled()) {
            return;
        }
        try {
            long bucket = window.bucket(event.timestamp().toEpochMilli());
            if (event.user() == null) {
                if (settings.anonymousId().isPresent()) {
                    delivery.send(messages.evaluated(event, null, Map.of(), bucket));
                }
                return;
            }
            String userId = messages.userId(event.user());
            Map<String, Object> traits = messages.traits(event.user());
            // With a zero window every evaluation is tracked, but a user is identified once until the traits change.
            long identifyBucket = settings.dedupeWindow().isZero() ? 0 : bucket;
            Identified last = identified.get(userId);
            if (last == null || last.bucket() != identifyBucket || !last.traits().equals(traits)) {
                if (identified.size() >= IDENTIFIED_USERS) {
                    identified.clear(); // bounded memory: at worst some users are identified again
                }
                identified.put(userId, new Identified(traits, identifyBucket));
                delivery.send(messages.identify(userId, traits, event));
            }
            delivery.send(messages.evaluated(event, userId, traits, bucket));
        } catch (RuntimeException e) {
            failure.warn(() -> "FLAGBRIDGE-0064: a Segment message for flag '" + event.key()
                    + "' could not be built (logged at most once a minute): " + e);
        }
    }

    /** Sends "Feature Flag Changed" for one changed flag. */
    public void changed(FlagChanged change, ChangeSettings changes) {
        try {
            delivery.send(messages.changed(change, changes));
        } catch (RuntimeException e) {
            failure.warn(() -> "FLAGBRIDGE-0066: a Segment message for the change of flag '" + change.key()
                    + "' could not be built (logged at most once a minute): " + e);
        }
    }

    public Delivery delivery() {
        return delivery;
    }

    @Override
    public void close() {
        delivery.close();
    }
}
