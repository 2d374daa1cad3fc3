package io.flagbridge.internal.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.util.Hash64;
import io.flagbridge.internal.util.Json;

/**
 * Writes FlagBridge's three Segment messages as the ConfigCat integration defines them: identify, "Feature Flag
 * Evaluated" and "Feature Flag Changed" (properties, long text values, sizes under Segment's limit, message IDs).
 */
public final class SegmentMessages {

    public static final String EVALUATED = "Feature Flag Evaluated";
    public static final String CHANGED = "Feature Flag Changed";
    /** The anonymous ID of a change whose author is unknown (SDK-detected) when no segment.anonymous-id is set. */
    public static final String UNKNOWN_AUTHOR = "configcat";
    /** Every message's {@code context.integration}. */
    public static final Map<String, Object> CONTEXT = Map.of("integration",
            Map.of("name", "configcat", "version", "1.0.0"));

    private final SegmentSettings settings;
    private final ChangeSettings changes;
    private final MessageIds ids;
    private final UserPrivacy privacy;

    /** @param environment the application's ConfigCat environment, for its message IDs' namespace */
    public SegmentMessages(SegmentSettings settings, ChangeSettings changes, String environment,
            UserPrivacy privacy) {
        this.settings = settings;
        this.changes = changes;
        this.privacy = privacy;
        this.ids = MessageIds.of(settings.writeKey().orElseThrow(), environment);
    }

    /**
     * identify(userId, traits), with a message ID that is the same for the same (user, traits, traits before,
     * window).
     *
     * @param traitsHash {@link #traitsHash} of the traits
     * @param previousTraitsHash that of the traits last identified for the user, 0 for none
     */
    public byte[] identify(String userId, Map<String, Object> traits, long traitsHash, long previousTraitsHash,
            FlagEvaluated event, long bucket) {
        Map<String, Object> fitting = new LinkedHashMap<>(traits);
        MessageSize.dropLargest(fitting, fitting, Set.of());
        return SegmentJson.message("identify", ids.identify(userId, traitsHash, previousTraitsHash, bucket),
                event.timestamp().toEpochMilli(), CONTEXT, userId, null, null, "traits", fitting);
    }

    /**
     * A hash of the traits: equal traits, equal hashes, whatever their map's order (the entries' hashes are summed);
     * each entry is its name and its value's canonical JSON, so no two different traits read alike.
     */
    public static long traitsHash(Map<String, Object> traits) {
        long sum = traits.size();
        for (Map.Entry<String, Object> trait : traits.entrySet()) {
            Object value = trait.getValue();
            long valueHash = value instanceof String text ? Hash64.of(text) ^ 0x5bd1e995L
                    : Hash64.of(Json.canonical(value));
            sum += Hash64.scramble(Hash64.of(trait.getKey()) * 31 + valueHash);
        }
        return Hash64.scramble(sum);
    }

    /**
     * track("Feature Flag Evaluated") for a user ({@code userId} set) or the configured anonymous ID.
     *
     * @param bucket the dedupe window the evaluation falls in, for the message ID
     */
    public byte[] evaluated(FlagEvaluated event, String userId, Map<String, Object> traits, long bucket) {
        Map<String, Object> user = new LinkedHashMap<>();
        if (userId != null) {
            user.put("identifier", userId);
        }
        user.putAll(traits);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("feature_flag_key", event.key());
        Object value = event.value();
        String variationId = event.variationId() == null || event.variationId().isEmpty() ? null
                : event.variationId();
        if (value instanceof String text && text.length() > settings.textValueMaxLength() && variationId != null) {
            value = variationId; // the seed's advice for long, JSON-like text values
        }
        if (value != null && Json.writable(value)) {
            properties.put("value", value);
        }
        if (variationId != null) {
            properties.put("variation_id", variationId);
        }
        if (!user.isEmpty()) {
            properties.put("user", user);
        }
        // The user's largest attributes go first, then the value, until the message fits Segment's 32 KB.
        if (!MessageSize.dropLargest(properties, user, Set.of("identifier"))) {
            properties.remove("value");
        }
        String anonymousId = userId == null ? settings.anonymousId().orElseThrow() : null;
        // With a zero window every evaluation is a message of its own, whatever else is the same.
        String id = settings.dedupeWindow().isZero() ? ids.unique() : ids.evaluated(userId, anonymousId, event, bucket);
        return SegmentJson.message("track", id,
                event.timestamp().toEpochMilli(), CONTEXT, userId, anonymousId, EVALUATED, "properties", properties);
    }

    /**
     * An application's own track(event) (OpenFeature's {@code client.track}): for a user ({@code userId} set, already
     * hashed when configured) or the configured anonymous ID, with a message ID of its own: each call is an event.
     */
    public byte[] track(String event, String userId, Map<String, Object> properties, long timestampMillis) {
        Map<String, Object> fitting = new LinkedHashMap<>(properties);
        MessageSize.dropLargest(fitting, fitting, Set.of());
        String anonymousId = userId == null ? settings.anonymousId().orElseThrow() : null;
        return SegmentJson.message("track", ids.unique(), timestampMillis, CONTEXT, userId, anonymousId, event,
                "properties", fitting);
    }

    /**
     * track("Feature Flag Changed") with every property of ConfigCat's integration. The author is a user like any
     * other: the user ID is their email (else their name) or its HMAC with {@code segment.hash-user-id}, and then
     * neither email nor name is sent; without hashing, {@code user_email} and {@code user_full_name} go when the
     * attributes {@code email} and {@code name} may leave. No author: the anonymous ID.
     */
    public byte[] changed(ChangeNotice notice) {
        FlagChanged change = notice.change();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("details", change.key() + ": " + change.details());
        properties.put("product_id", changes.productId().orElse(null));
        properties.put("product_name", changes.productName().orElse(null));
        properties.put("config_id", change.configId());
        properties.put("config_name", change.configName());
        properties.put("environment_id", change.environmentId());
        properties.put("environment_name", change.environmentName());
        properties.put("url", change.url());
        boolean hashed = privacy.hashesIdentifiers();
        String email = hashed || !privacy.mayLeave("email") ? null : change.changedByEmail();
        String name = hashed || !privacy.mayLeave("name") ? null : change.changedByName();
        properties.put("user_email", email);
        properties.put("user_full_name", name);
        String author = change.changedByEmail() != null ? change.changedByEmail() : change.changedByName();
        if (hashed && author != null) {
            author = privacy.hash(author);
        } else if (!hashed && author != null && email == null) {
            author = name; // the email may not leave: the name, if it may, stands for the author
        }
        return SegmentJson.message("track", ids.changed(notice.identity()), change.timestamp().toEpochMilli(), CONTEXT,
                author, author != null ? null : settings.anonymousId().orElse(UNKNOWN_AUTHOR), CHANGED,
                "properties", properties);
    }
}
