package io.flagbridge.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.configcat.User;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.ToNumberPolicy;

import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.sdk.ConfigCatLogs;
import io.flagbridge.internal.sdk.UserAttributes;
import io.flagbridge.internal.util.Json;

/**
 * What of a user may leave the process: the user ID (the identifier, or its HMAC with {@code segment.hash-user-id})
 * and the attributes that {@code segment.user-attributes} and {@code segment.private-attributes} let through.
 */
public final class UserPrivacy {

    /** Whole JSON numbers as Long (12 stays 12, not 12.0), others as Double: the user's numbers keep their type. */
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private final Optional<Set<String>> allowed;
    private final Set<String> denied;
    private final Optional<SecretKeySpec> hashKey;
    private final Map<String, String> lowerCaseNames = new ConcurrentHashMap<>();

    public UserPrivacy(SegmentSettings settings) {
        this.allowed = settings.userAttributes().map(UserPrivacy::lowerCase);
        this.denied = lowerCase(settings.privateAttributes());
        this.hashKey = settings.hashKey()
                .map(key -> new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The user ID Segment gets: the identifier, or its HMAC-SHA256 (hex) with {@code segment.hash-user-id}. */
    public String userId(User user) {
        String identifier = user.getIdentifier();
        return hashKey.isEmpty() ? identifier : hash(identifier);
    }

    /** hex(HMAC-SHA256(segment.hash-key, text)); only with {@code segment.hash-user-id}. */
    public String hash(String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey.get());
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The user's attributes that may leave the process (identifier excluded), in a stable order. */
    public Map<String, Object> traits(User user) {
        Optional<Map<String, Object>> attributes = UserAttributes.of(user);
        if (attributes.isEmpty()) {
            try {
                return traitsFromJson(user);
            } catch (RuntimeException e) {
                return Map.of(); // User.toString() itself fails on an attribute Gson cannot write (an Instant)
            }
        }
        // The order of User.toString(): email, country, then the others by name.
        Map<String, Object> traits = new LinkedHashMap<>();
        addTrait(traits, "Email", attributes.get().get("Email"));
        addTrait(traits, "Country", attributes.get().get("Country"));
        for (Map.Entry<String, Object> attribute : attributes.get().entrySet()) {
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
        String lowerCase = lowerCase(name);
        if (!mayLeave(lowerCase) || !Json.writable(value)) {
            return; // a NaN, an infinity or a map that holds itself: that attribute, never the message
        }
        // Strings and booleans are what the JSON round trip would give; anything else takes it, so that numbers,
        // dates and lists reach Segment exactly as ConfigCat's own JSON form of the user has them. An Instant (a date
        // ConfigCat compares, that Gson cannot write on Java 17) is ISO-8601 text; a value Gson cannot write at all
        // is left out: that attribute, never the message.
        Object trait;
        if (value instanceof String || value instanceof Boolean) {
            trait = value;
        } else if (value instanceof Instant instant) {
            trait = instant.toString();
        } else {
            try {
                trait = GSON.fromJson(GSON.toJsonTree(value), Object.class);
            } catch (RuntimeException e) {
                return;
            }
        }
        if (trait != null) {
            traits.put(segmentName(name, lowerCase), trait);
        }
    }

    /** The same traits, from the user's JSON form ({@code User.toString()}): the way when its map is unreadable. */
    Map<String, Object> traitsFromJson(User user) {
        Map<String, Object> traits = new LinkedHashMap<>();
        JsonObject attributes = JsonParser.parseString(user.toString()).getAsJsonObject();
        for (Map.Entry<String, JsonElement> attribute : attributes.entrySet()) {
            String name = attribute.getKey().toLowerCase(Locale.ROOT);
            if (attribute.getValue().isJsonNull() || !mayLeave(name)) {
                continue;
            }
            traits.put(segmentName(attribute.getKey(), name), GSON.fromJson(attribute.getValue(), Object.class));
        }
        return traits;
    }

    /** The name in lower case; the few names an application uses are remembered (a lower case string per name). */
    private String lowerCase(String name) {
        String lower = lowerCaseNames.get(name);
        if (lower == null) {
            lower = name.toLowerCase(Locale.ROOT);
            if (lowerCaseNames.size() < 1_000) {
                lowerCaseNames.put(name, lower);
            }
        }
        return lower;
    }

    /** Whether an attribute of that name may leave the process ({@code email}, {@code country} or a custom one). */
    public boolean mayLeave(String lowerCaseName) {
        return !lowerCaseName.equals("identifier") && !denied.contains(lowerCaseName)
                && allowed.map(a -> a.contains(lowerCaseName)).orElse(true);
    }

    /** Whether a name is one of {@code segment.private-attributes}: it never leaves, as a trait or a property. */
    public boolean isPrivate(String name) {
        return denied.contains(lowerCase(name));
    }

    /** Whether user IDs are sent as HMACs of the identifier. */
    public boolean hashesIdentifiers() {
        return hashKey.isPresent();
    }

    /**
     * A log line of the ConfigCat SDK under the same rules as Segment's messages: the user in its evaluation log
     * (5000) with the identifier hashed and only the attributes that may leave, and an attribute's value in warnings
     * 3004 and 3005 and in the evaluation log's "attribute is invalid" masked when that attribute may not leave.
     */
    public String logLine(int eventId, String line) {
        return ConfigCatLogs.rewrite(eventId, line, this::userJson, this::mayBeLogged);
    }

    private boolean mayBeLogged(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        return name.equals("identifier") ? hashKey.isEmpty() : mayLeave(name);
    }

    /** ConfigCat's JSON form of a user, with the identifier hashed (when configured) and only what may leave. */
    String userJson(String json) {
        try {
            JsonObject user = JsonParser.parseString(json).getAsJsonObject();
            JsonObject shown = new JsonObject();
            for (Map.Entry<String, JsonElement> attribute : user.entrySet()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("identifier")) {
                    shown.add(attribute.getKey(), hashKey.isEmpty() || !attribute.getValue().isJsonPrimitive()
                            ? attribute.getValue()
                            : new JsonPrimitive(hash(attribute.getValue().getAsString())));
                } else if (mayLeave(name)) {
                    shown.add(attribute.getKey(), attribute.getValue());
                }
            }
            return shown.toString();
        } catch (RuntimeException e) {
            return "{}"; // not the JSON expected: nothing of it is shown
        }
    }

    /** Segment's names for ConfigCat's two well-known attributes are lower case. */
    private static String segmentName(String name, String lowerCase) {
        return switch (lowerCase) {
            case "email", "country" -> lowerCase;
            default -> name;
        };
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
