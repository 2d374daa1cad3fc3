package io.flagbridge.internal.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;

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

    public SegmentMessages(SegmentSettings settings, ChangeSettings changes) {
        this.settings = settings;
        this.changes = changes;
    }

    /** identify(userId, traits), with a message ID that is the same for the same (user, traits, window). */
    public byte[] identify(String userId, Map<String, Object> traits, FlagEvaluated event, long bucket) {
        Map<String, Object> fitting = new LinkedHashMap<>(traits);
        MessageSize.dropLargest(fitting, fitting, Set.of());
        return SegmentJson.message("identify", MessageIds.identify(userId, fitting.toString(), bucket),
                event.timestamp().toEpochMilli(), CONTEXT, userId, null, null, "traits", fitting);
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
        if (value instanceof String text && text.length() > settings.textValueMaxLength()
                && event.variationId() != null) {
            value = event.variationId(); // the seed's advice for long, JSON-like text values
        }
        if (value != null) {
            properties.put("value", value);
        }
        if (event.variationId() != null) {
            properties.put("variation_id", event.variationId());
        }
        if (!user.isEmpty()) {
            properties.put("user", user);
        }
        // The user's largest attributes go first, then the value, until the message fits Segment's 32 KB.
        if (!MessageSize.dropLargest(properties, user, Set.of("identifier"))) {
            properties.remove("value");
        }
        return SegmentJson.message("track", MessageIds.evaluated(userId == null ? "" : userId, event, bucket),
                event.timestamp().toEpochMilli(), CONTEXT, userId,
                userId == null ? settings.anonymousId().orElseThrow() : null, EVALUATED, "properties", properties);
    }

    /**
     * track("Feature Flag Changed") with every property of ConfigCat's integration; the author's email is the user
     * ID (the name when there is no email), else the anonymous ID.
     */
    public byte[] changed(FlagChanged change) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("details", change.key() + ": " + change.details());
        properties.put("product_id", changes.productId().orElse(null));
        properties.put("product_name", changes.productName().orElse(null));
        properties.put("config_id", change.configId());
        properties.put("config_name", change.configName());
        properties.put("environment_id", change.environmentId());
        properties.put("environment_name", change.environmentName());
        properties.put("url", change.url());
        properties.put("user_email", change.changedByEmail());
        properties.put("user_full_name", change.changedByName());
        String author = change.changedByEmail() != null ? change.changedByEmail() : change.changedByName();
        return SegmentJson.message("track", MessageIds.changed(change), change.timestamp().toEpochMilli(), CONTEXT,
                author, author != null ? null : settings.anonymousId().orElse(UNKNOWN_AUTHOR), CHANGED,
                "properties", properties);
    }
}
