package io.flagbridge.internal.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.internal.events.DedupeWindow;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.Hash64;
import io.flagbridge.internal.util.Json;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * FlagBridge's asynchronous observer of {@link FlagEvaluated} exposures and {@link FlagChanged} changes: identify and
 * "Feature Flag Evaluated" for each exposure, "Feature Flag Changed" for each change from the configured source
 * ({@code segment.changed.source}), handed to the outbox.
 */
public final class SegmentDispatcher {

    private static final AppLog LOG = AppLog.of(SegmentDispatcher.class);

    private final SegmentSettings settings;
    private final ChangeSettings.ChangedSource changedSource;
    private final UserPrivacy privacy;
    private final SegmentMessages messages;
    private final DedupeWindow window;
    private final Outbox outbox;
    private final Counters counters;
    private final Executor events;
    // hash of the user ID -> (traits hash, window) last identified; cleared when it grows past identifiedCapacity.
    private final Map<Long, Identified> identified = new ConcurrentHashMap<>();
    private final int identifiedCapacity;
    private final RateLimitedLog failure = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    /** What was last identified for a user: hashes only (memory, and no identifier kept), and the window. */
    private record Identified(long traitsHash, long bucket) {
    }

    /**
     * @param environment the application's ConfigCat environment, for its message IDs' namespace
     * @param events FlagBridge's event thread, where an application's {@link #track} is built
     */
    public SegmentDispatcher(SegmentSettings settings, ChangeSettings changes, String environment,
            UserPrivacy privacy, DedupeWindow window, Outbox outbox, Counters counters, Executor events) {
        this.counters = counters;
        this.events = events;
        this.settings = settings;
        this.changedSource = changes.segmentSource();
        this.privacy = privacy;
        this.messages = new SegmentMessages(settings, changes, environment, privacy);
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
            // A user with an empty identifier (OpenFeature attributes without a targeting key) is no one in
            // particular: like no user, sent only under the anonymous ID.
            if (event.user() == null || event.user().getIdentifier().isEmpty()) {
                if (settings.anonymousId().isPresent()) {
                    outbox.offer(() -> messages.evaluated(event, null, Map.of(), bucket));
                }
                return;
            }
            String userId = privacy.userId(event.user());
            Map<String, Object> traits = privacy.traits(event.user());
            // With a zero window every evaluation is tracked, but a user is identified once until the traits change.
            long identifyBucket = window.isZero() ? 0 : bucket;
            Identified now = new Identified(SegmentMessages.traitsHash(traits), identifyBucket);
            Long user = Hash64.of(userId);
            Identified before = identified.get(user);
            if (!now.equals(before)) {
                long previous = before == null ? 0 : before.traitsHash();
                // Remembered only once Segment has it queued: a dropped identify is tried again next time.
                if (outbox.offer(user, () -> messages.identify(userId, traits, now.traitsHash(), previous, event,
                        identifyBucket))) {
                    if (identified.size() >= identifiedCapacity) {
                        identified.clear(); // bounded memory: at worst some users are identified again
                    }
                    identified.put(user, now);
                }
            }
            outbox.offer(user, () -> messages.evaluated(event, userId, traits, bucket));
        } catch (RuntimeException e) {
            counters.addFailed(1); // counted, so that no message is lost without a trace
            failure.warn(() -> Messages.evaluatedMessageNotBuilt(event.key(), e));
        }
    }

    /**
     * An application's track(event) for a user (the identifier, hashed here when {@code segment.hash-user-id}), or
     * for the anonymous ID when {@code identifier} is null (dropped without {@code segment.anonymous-id}). Properties
     * named in {@code segment.private-attributes} are left out. The message is built (and shrunk to Segment's limit)
     * on FlagBridge's event thread, never the caller's. Never throws.
     *
     * @return whether the message was handed to the event thread (false: there is no one to send it for)
     */
    public boolean track(String event, String identifier, Map<String, Object> properties, long timestampMillis) {
        if (identifier == null && settings.anonymousId().isEmpty()) {
            return false;
        }
        events.execute(() -> offerTrack(event, identifier, properties, timestampMillis));
        return true;
    }

    private void offerTrack(String event, String identifier, Map<String, Object> properties, long timestampMillis) {
        try {
            String userId = identifier == null || !privacy.hashesIdentifiers() ? identifier : privacy.hash(identifier);
            Map<String, Object> allowed = new LinkedHashMap<>();
            properties.forEach((name, value) -> {
                if (value != null && !privacy.isPrivate(name) && Json.writable(value)) {
                    allowed.put(name, value);
                }
            });
            // A user's track goes in the lane of their exposures, so that Segment gets them in order.
            if (userId == null) {
                outbox.offer(() -> messages.track(event, null, allowed, timestampMillis));
            } else {
                outbox.offer(Hash64.of(userId), () -> messages.track(event, userId, allowed, timestampMillis));
            }
        } catch (RuntimeException e) {
            counters.addFailed(1);
            failure.warn(() -> Messages.trackMessageNotBuilt(event, e));
        }
    }

    /** Forgets which users were identified (a test kit, between tests). */
    public void forgetIdentified() {
        identified.clear();
    }

    /** Called for each change, on FlagBridge's event thread: sends it when it comes from the configured source. */
    public void changed(ChangeNotice notice) {
        FlagChanged change = notice.change();
        boolean fromSource = switch (changedSource) {
            case WEBHOOK -> change.source() == FlagChanged.Source.WEBHOOK;
            case SDK -> change.source() == FlagChanged.Source.SDK;
            case OFF -> false;
        };
        if (!fromSource) {
            return;
        }
        try {
            outbox.offer(() -> messages.changed(notice));
        } catch (RuntimeException e) {
            counters.addFailed(1);
            failure.warn(() -> Messages.changedMessageNotBuilt(change.key(), e));
        }
    }
}
