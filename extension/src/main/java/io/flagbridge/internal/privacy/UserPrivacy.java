package io.flagbridge.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.configcat.User;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.internal.client.ConfigCatInternals;
import io.flagbridge.internal.config.SegmentSettings;

/**
 * What of a user may leave the process: the user ID (the identifier, or its HMAC with {@code segment.hash-user-id})
 * and the attributes that {@code segment.user-attributes} and {@code segment.private-attributes} let through.
 */
public final class UserPrivacy {

    private static final Gson GSON = new Gson();

    private final Optional<Set<String>> allowed;
    private final Set<String> denied;
    private final Optional<SecretKeySpec> hashKey;

    public UserPrivacy(SegmentSettings settings) {
        this.allowed = settings.userAttributes().map(UserPrivacy::lowerCase);
        this.denied = lowerCase(settings.privateAttributes());
        this.hashKey = settings.hashKey()
                .map(key -> new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The user ID Segment gets: the identifier, or its HMAC-SHA256 (hex) with {@code segment.hash-user-id}. */
    public String userId(User user) {
        String identifier = user.getIdentifier();
        if (hashKey.isEmpty()) {
            return identifier;
        }
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
        Optional<Map<String, Object>> attributes = ConfigCatInternals.userAttributes(user);
        if (attributes.isEmpty()) {
            return traitsFromJson(user);
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
        String lowerCase = name.toLowerCase(Locale.ROOT);
        if (!mayLeave(lowerCase)) {
            return;
        }
        // Strings and booleans are what the JSON round trip would give; anything else takes it, so that numbers,
        // dates and lists reach Segment exactly as ConfigCat's own JSON form of the user has them.
        Object trait = value instanceof String || value instanceof Boolean ? value
                : GSON.fromJson(GSON.toJsonTree(value), Object.class);
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

    private boolean mayLeave(String lowerCaseName) {
        return !lowerCaseName.equals("identifier") && !denied.contains(lowerCaseName)
                && allowed.map(a -> a.contains(lowerCaseName)).orElse(true);
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
