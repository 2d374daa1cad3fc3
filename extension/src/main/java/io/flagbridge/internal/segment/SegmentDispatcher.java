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

    private final SegmentSettings settings;
    private final SegmentMessages messages;
    private final ExposureFilter window;
    private final Delivery delivery;
    // user ID -> (traits hash, window) last identified; cleared when it grows past identifiedCapacity.
    private final Map<String, Identified> identified = new ConcurrentHashMap<>();
    private final int identifiedCapacity;
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, java.util.concurrent.TimeUnit.MINUTES);

    /** What was last identified for a user: a hash of the traits (not a copy: memory), and the window. */
    private record Identified(int traitsHash, long bucket) {
    }

    public SegmentDispatcher(SegmentSettings settings, ExposureFilter window, Counters counters) {
        this.settings = settings;
        this.messages = new SegmentMessages(settings);
        this.window = window;
        this.delivery = new Delivery(settings, counters);
        // As many users as messages may be pending: the map stays within the memory the queue may take.
        this.identifiedCapacity = Math.max(1_024, settings.queueCapacity());
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
                    delivery.sendJson(() -> messages.evaluated(event, null, Map.of(), bucket));
                }
                return;
            }
            String userId = messages.userId(event.user());
            Map<String, Object> traits = messages.traits(event.user());
            // With a zero window every evaluation is tracked, but a user is identified once until the traits change.
            long identifyBucket = settings.dedupeWindow().isZero() ? 0 : bucket;
            Identified now = new Identified(traits.hashCode(), identifyBucket);
            if (!now.equals(identified.get(userId))) {
                // Remembered only once Segment has it queued: a dropped identify is tried again next time.
                if (delivery.sendJson(() -> messages.identify(userId, traits, event, identifyBucket))) {
                    if (identified.size() >= identifiedCapacity) {
                        identified.clear(); // bounded memory: at worst some users are identified again
                    }
                    identified.put(userId, now);
                }
            }
            delivery.sendJson(() -> messages.evaluated(event, userId, traits, bucket));
        } catch (RuntimeException e) {
            failure.warn(() -> "FLAGBRIDGE-0064: a Segment message for flag '" + event.key()
                    + "' could not be built (logged at most once a minute): " + e);
        }
    }

    /** Sends "Feature Flag Changed" for one changed flag. */
    public void changed(FlagChanged change, ChangeSettings changes) {
        try {
            delivery.send(() -> messages.changed(change, changes));
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
