package io.flagbridge.internal.segment;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.configcat.User;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.segment.analytics.messages.TrackMessage;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.SegmentSettings;

/**
 * Builds Segment's messages for flag evaluations, as the ConfigCat integration defines them: properties, privacy
 * filtering, long text values, deterministic message IDs.
 */
public final class SegmentMessages {

    public static final String EVALUATED = "Feature Flag Evaluated";
    public static final String CHANGED = "Feature Flag Changed";
    /** The anonymous ID of a change whose author is unknown (SDK-detected) when no segment.anonymous-id is set. */
    public static final String UNKNOWN_AUTHOR = "configcat";
    /** Every message's {@code context.integration}. */
    public static final Map<String, Object> CONTEXT = Map.of("integration",
            Map.of("name", "configcat", "version", "1.0.0"));
    /** Segment refuses a message over 32 KB; keep a margin for the message's own fields. */
    static final int MAX_MESSAGE_BYTES = 30 * 1024;

    private static final Gson GSON = new Gson();
    private static final MethodHandle USER_ATTRIBUTES = userAttributes();
    private static final MessageDigest MD5 = md5();

    private final SegmentSettings settings;
    private final Optional<Set<String>> allowed;
    private final Set<String> denied;
    private final Optional<SecretKeySpec> hashKey;

    public SegmentMessages(SegmentSettings settings) {
        this.settings = settings;
        this.allowed = settings.userAttributes().map(SegmentMessages::lowerCase);
        this.denied = lowerCase(settings.privateAttributes());
        this.hashKey = settings.hashKey()
                .map(key -> new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The user ID Segment gets: the identifier, or its HMAC-SHA256 (hex) with {@code segment.hash-user-id}. */
    public String userId(User user) {
        String identifier = user.getIdentifier();
        if (!settings.hashUserId()) {
            return identifier;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey.orElseThrow());
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The user's attributes that may leave the process (identifier excluded), in a stable order. */
    public Map<String, Object> traits(User user) {
        Map<String, Object> attributes = attributes(user);
        if (attributes == null) {
            return traitsFromJson(user);
        }
        // The order of User.toString(): email, country, then the others by name.
        Map<String, Object> traits = new LinkedHashMap<>();
        addTrait(traits, "Email", attributes.get("Email"));
        addTrait(traits, "Country", attributes.get("Country"));
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            if (!name.equals("Email") && !name.equals("Country")) {
                addTrait(traits, name, attribute.getValue());
            }
        }
        return traits;
    }

    private void addTrait(Map<String, Object> traits, String name, Object value) {
        if (value == null) {
            return;
        }
        String lowerCase = name.toLowerCase(Locale.ROOT);
        if (lowerCase.equals("identifier") || denied.contains(lowerCase)
                || allowed.map(a -> !a.contains(lowerCase)).orElse(false)) {
            return;
        }
        // Strings and booleans are what the JSON round trip would give; anything else takes it, so that numbers,
        // dates and lists reach Segment exactly as ConfigCat's own JSON form of the user has them.
        Object trait = value instanceof String || value instanceof Boolean ? value
                : GSON.fromJson(GSON.toJsonTree(value), Object.class);
        if (trait != null) {
            traits.put(switch (lowerCase) {
                case "email", "country" -> lowerCase;
                default -> name;
            }, trait);
        }
    }

    /** The same traits, from the user's JSON form ({@code User.toString()}): the way when its map is unreadable. */
    Map<String, Object> traitsFromJson(User user) {
        Map<String, Object> traits = new LinkedHashMap<>();
        JsonObject attributes = JsonParser.parseString(user.toString()).getAsJsonObject();
        for (Map.Entry<String, JsonElement> attribute : attributes.entrySet()) {
            String name = attribute.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("identifier") || attribute.getValue().isJsonNull() || denied.contains(name)
                    || allowed.map(a -> !a.contains(name)).orElse(false)) {
                continue;
            }
            String key = switch (name) {
                case "email", "country" -> name;
                default -> attribute.getKey();
            };
            traits.put(key, GSON.fromJson(attribute.getValue(), Object.class));
        }
        return traits;
    }

    /**
     * ConfigCat's {@code User} keeps its attributes in a private map and offers them only as JSON text; parsing that
     * for every exposure was a fifth of the event thread's time. The map is read directly when the runtime allows
     * it (it is in the application's own jar), else null.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> attributes(User user) {
        if (USER_ATTRIBUTES == null) {
            return null;
        }
        try {
            return (Map<String, Object>) USER_ATTRIBUTES.invokeExact(user);
        } catch (Throwable e) {
            return null;
        }
    }

    private static MethodHandle userAttributes() {
        try {
            return MethodHandles.privateLookupIn(User.class, MethodHandles.lookup())
                    .findGetter(User.class, "attributes", Map.class)
                    .asType(MethodType.methodType(Map.class, User.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * identify(userId, traits), as JSON, with a message ID that is the same for the same (user, traits, window):
     * replicas that identify the same user collapse at Segment, and no random UUID is drawn per message.
     */
    public byte[] identify(String userId, Map<String, Object> traits, FlagEvaluated event, long bucket) {
        Map<String, Object> fitting = new LinkedHashMap<>(traits);
        dropLargest(fitting, fitting, Set.of());
        String messageId = nameUuid(String.join("\u0000", "flagbridge-identify", userId, fitting.toString(),
                Long.toString(bucket)));
        return SegmentJson.message("identify", messageId, event.timestamp().toEpochMilli(), CONTEXT, userId, null,
                null, "traits", fitting);
    }

    /**
     * track("Feature Flag Evaluated"), as JSON, for a user ({@code userId} set) or the configured anonymous ID.
     *
     * @param bucket the dedupe window the evaluation falls in, for the message ID
     */
    public byte[] evaluated(FlagEvaluated event, String userId, Map<String, Object> traits, long bucket) {
        Map<String, Object> user = new LinkedHashMap<>();
        if (userId != null) {
            user.put("identifier", userId);
        }
        user.putAll(traits);
        Map<String, Object> properties = properties(event, user);
        return SegmentJson.message("track", messageId(userId == null ? "" : userId, event, bucket),
                event.timestamp().toEpochMilli(), CONTEXT, userId,
                userId == null ? settings.anonymousId().orElseThrow() : null, EVALUATED, "properties", properties);
    }

    /**
     * track("Feature Flag Changed") with every property of ConfigCat's integration; the author's email is the user
     * ID (the name when there is no email), else the anonymous ID.
     */
    public TrackMessage.Builder changed(FlagChanged change, ChangeSettings changes) {
        Map<String, Object> properties = new LinkedHashMap<>();
        put(properties, "details", change.key() + ": " + change.details());
        put(properties, "product_id", changes.productId().orElse(null));
        put(properties, "product_name", changes.productName().orElse(null));
        put(properties, "config_id", change.configId());
        put(properties, "config_name", change.configName());
        put(properties, "environment_id", change.environmentId());
        put(properties, "environment_name", change.environmentName());
        put(properties, "url", change.url());
        put(properties, "user_email", change.changedByEmail());
        put(properties, "user_full_name", change.changedByName());
        String name = String.join("\u0000", "flagbridge-changed", change.key(), change.source().name(),
                String.valueOf(change.timestamp().getEpochSecond()), change.details());
        TrackMessage.Builder track = TrackMessage.builder(CHANGED)
                .properties(properties)
                .timestamp(Date.from(change.timestamp()))
                .messageId(nameUuid(name))
                .context(CONTEXT);
        String author = change.changedByEmail() != null ? change.changedByEmail() : change.changedByName();
        return author != null ? track.userId(author)
                : track.anonymousId(settings.anonymousId().orElse(UNKNOWN_AUTHOR));
    }

    private static void put(Map<String, Object> properties, String name, Object value) {
        if (value != null) {
            properties.put(name, value);
        }
    }

    private Map<String, Object> properties(FlagEvaluated event, Map<String, Object> user) {
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
        shrink(properties, user);
        return properties;
    }

    /** Drops the user's largest attributes, then the value, until the message fits Segment's 32 KB. */
    private static void shrink(Map<String, Object> properties, Map<String, Object> user) {
        if (!dropLargest(properties, user, Set.of("identifier"))) {
            properties.remove("value");
        }
    }

    /** Removes the largest entries of {@code from} until {@code message} fits; false if it still does not. */
    private static boolean dropLargest(Map<String, Object> message, Map<String, Object> from, Set<String> keep) {
        if (fits(message)) {
            return true;
        }
        List<String> bySize = new ArrayList<>(from.keySet());
        bySize.removeAll(keep);
        bySize.sort(Comparator.comparingInt((String name) -> size(from.get(name))).reversed());
        for (String name : bySize) {
            from.remove(name);
            if (size(message) <= MAX_MESSAGE_BYTES) {
                return true;
            }
        }
        return false;
    }

    /** Whether the message fits: by a cheap upper bound for most messages, by serialising it for the others. */
    static boolean fits(Map<String, Object> message) {
        return upperBound(message, MAX_MESSAGE_BYTES) <= MAX_MESSAGE_BYTES || size(message) <= MAX_MESSAGE_BYTES;
    }

    /**
     * At least as many bytes as the value's JSON takes in UTF-8 (a char is at most 6 bytes, as a \\u escape), or
     * more than {@code limit}. Types whose JSON length is not known from their size count as too large.
     */
    static long upperBound(Object value, long limit) {
        if (value == null || value instanceof Boolean) {
            return 5;
        }
        if (value instanceof String text) {
            return 2 + 6L * text.length();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return 32;
        }
        long bound = 2;
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bound += upperBound(String.valueOf(entry.getKey()), limit) + 2
                        + upperBound(entry.getValue(), limit - bound);
                if (bound > limit) {
                    return bound;
                }
            }
            return bound;
        }
        if (value instanceof Collection<?> list) {
            for (Object element : list) {
                bound += upperBound(element, limit - bound) + 1;
                if (bound > limit) {
                    return bound;
                }
            }
            return bound;
        }
        return Long.MAX_VALUE / 4;
    }

    private static int size(Object value) {
        return GSON.toJson(value).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The same (user, flag, variation, window) always gets the same ID, so replicas and retries collapse. */
    static String messageId(String userId, FlagEvaluated event, long bucket) {
        String name = String.join("\u0000", "flagbridge", userId, event.key(),
                event.variationId() == null ? String.valueOf(event.value()) : event.variationId(),
                Long.toString(bucket));
        return nameUuid(name);
    }

    /** {@code UUID.nameUUIDFromBytes(UTF-8 of name)}, without looking up the MD5 provider on every call. */
    static String nameUuid(String name) {
        MessageDigest md5;
        try {
            md5 = (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        }
        byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (hash[i] & 0xff);
            low = low << 8 | (hash[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
