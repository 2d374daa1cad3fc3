package io.flagbridge.internal.segment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.events.DedupeWindow;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * FlagBridge's asynchronous observer of {@link FlagEvaluated} exposures and {@link FlagChanged} changes: identify and
 * "Feature Flag Evaluated" for each exposure, "Feature Flag Changed" for each change from the configured source
 * ({@code segment.changed.source}), handed to the outbox.
 */
public final class SegmentDispatcher {

    private static final Logger LOG = Logger.getLogger(SegmentDispatcher.class.getName());

    private final SegmentSettings settings;
    private final ChangeSettings.ChangedSource changedSource;
    private final SegmentPrivacy privacy;
    private final SegmentMessages messages;
    private final DedupeWindow window;
    private final Outbox outbox;
    // user ID -> (traits hash, window) last identified; cleared when it grows past identifiedCapacity.
    private final Map<String, Identified> identified = new ConcurrentHashMap<>();
    private final int identifiedCapacity;
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    /** What was last identified for a user: a hash of the traits (not a copy: memory), and the window. */
    private record Identified(int traitsHash, long bucket) {
    }

    public SegmentDispatcher(SegmentSettings settings, ChangeSettings changes, DedupeWindow window, Outbox outbox) {
        this.settings = settings;
        this.changedSource = changes.segmentSource();
        this.privacy = new SegmentPrivacy(settings);
        this.messages = new SegmentMessages(settings, changes);
        this.window = window;
        this.outbox = outbox;
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
                    outbox.offer(() -> messages.evaluated(event, null, Map.of(), bucket));
                }
                return;
            }
            String userId = privacy.userId(event.user());
            Map<String, Object> traits = privacy.traits(event.user());
            // With a zero window every evaluation is tracked, but a user is identified once until the traits change.
            long identifyBucket = window.isZero() ? 0 : bucket;
            Identified now = new Identified(traits.hashCode(), identifyBucket);
            if (!now.equals(identified.get(userId))) {
                // Remembered only once Segment has it queued: a dropped identify is tried again next time.
                if (outbox.offer(() -> messages.identify(userId, traits, event, identifyBucket))) {
                    if (identified.size() >= identifiedCapacity) {
                        identified.clear(); // bounded memory: at worst some users are identified again
                    }
                    identified.put(userId, now);
                }
            }
            outbox.offer(() -> messages.evaluated(event, userId, traits, bucket));
        } catch (RuntimeException e) {
            failure.warn(() -> Messages.evaluatedMessageNotBuilt(event.key(), e));
        }
    }

    /** Called for each change, on FlagBridge's event thread: sends it when it comes from the configured source. */
    public void changed(FlagChanged change) {
        boolean fromSource = switch (changedSource) {
            case WEBHOOK -> change.source() == FlagChanged.Source.WEBHOOK;
            case SDK -> change.source() == FlagChanged.Source.SDK;
            case OFF -> false;
        };
        if (!fromSource) {
            return;
        }
        try {
            outbox.offer(() -> messages.changed(change));
        } catch (RuntimeException e) {
            failure.warn(() -> Messages.changedMessageNotBuilt(change.key(), e));
        }
    }
}
