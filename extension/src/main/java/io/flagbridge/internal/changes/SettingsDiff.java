package io.flagbridge.internal.changes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.configcat.Setting;
import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.util.Json;

/**
 * Compares two settings maps, as ConfigCat's {@code configChanged} hook hands them over (whole maps; {@code Setting}
 * has no {@code equals}), flag by flag.
 */
public final class SettingsDiff {

    /**
     * One flag's change.
     *
     * @param version a hash of the flag's new setting (its rules and the segments they use): the same on every
     *        replica that sees this change
     */
    public record Change(String key, FlagChanged.Kind kind, String details, String version) {
    }

    // Every Setting carries the config's salt and all its segments; they are compared separately.
    private static final Gson GSON = new GsonBuilder().addSerializationExclusionStrategy(new ExclusionStrategy() {
        @Override
        public boolean shouldSkipField(FieldAttributes field) {
            return field.getDeclaringClass() == Setting.class
                    && (field.getName().equals("segments") || field.getName().equals("configSalt"));
        }

        @Override
        public boolean shouldSkipClass(Class<?> type) {
            return false;
        }
    }).create();

    private SettingsDiff() {
    }

    /** The changes from {@code before} to {@code after}, by flag key; none when {@code before} is null. */
    public static List<Change> between(Map<String, Setting> before, Map<String, Setting> after) {
        List<Change> changes = new ArrayList<>();
        if (before == null || after == null) {
            return changes;
        }
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Setting old = before.get(key);
            Setting now = after.get(key);
            if (old == null) {
                changes.add(new Change(key, FlagChanged.Kind.ADDED, "added; default value: " + value(now),
                        version(now)));
            } else if (now == null) {
                changes.add(new Change(key, FlagChanged.Kind.REMOVED, "removed; default value was: " + value(old),
                        "removed"));
            } else {
                String details = details(old, now);
                if (!details.isEmpty()) {
                    changes.add(new Change(key, FlagChanged.Kind.CHANGED, details, version(now)));
                }
            }
        }
        return changes;
    }

    private static String details(Setting old, Setting now) {
        JsonObject a = GSON.toJsonTree(old).getAsJsonObject();
        JsonObject b = GSON.toJsonTree(now).getAsJsonObject();
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(a.get("t"), b.get("t"))) {
            parts.add("type: " + old.getType() + " -> " + now.getType());
        }
        if (!Objects.equals(a.get("v"), b.get("v"))) {
            parts.add("default value: " + value(old) + " -> " + value(now));
        } else if (!Objects.equals(a.get("i"), b.get("i"))) {
            parts.add("variation ID changed");
        }
        if (!Objects.equals(a.get("r"), b.get("r"))) {
            parts.add("targeting rules changed");
        }
        if (!Objects.equals(a.get("p"), b.get("p")) || !Objects.equals(a.get("a"), b.get("a"))) {
            parts.add("percentage options changed");
        }
        if (usesSegments(a.get("r")) && !Objects.equals(GSON.toJsonTree(old.getSegments()),
                GSON.toJsonTree(now.getSegments()))) {
            parts.add("segments changed");
        }
        return String.join("; ", parts);
    }

    /** A hash of the setting and the segments it uses, independent of the order of JSON members. */
    static String version(Setting setting) {
        JsonObject tree = GSON.toJsonTree(setting).getAsJsonObject();
        if (usesSegments(tree.get("r"))) {
            tree.add("segments", GSON.toJsonTree(setting.getSegments()));
        }
        String canonical = Json.canonical(GSON.fromJson(tree, Object.class));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The default value as ConfigCat's dashboard would show it: {@code true}, {@code "text"}, {@code 42}. */
    static String value(Setting setting) {
        JsonElement value = GSON.toJsonTree(setting).getAsJsonObject().get("v");
        if (value == null || !value.isJsonObject()) {
            return "none";
        }
        for (Map.Entry<String, JsonElement> entry : value.getAsJsonObject().entrySet()) {
            if (!entry.getValue().isJsonNull()) {
                return entry.getValue().toString();
            }
        }
        return "none";
    }

    /** Whether targeting rules hold a segment condition ({@code {"s": {...}}} in a rule's conditions). */
    private static boolean usesSegments(JsonElement rules) {
        if (rules == null || !rules.isJsonArray()) {
            return false;
        }
        for (JsonElement rule : rules.getAsJsonArray()) {
            JsonElement conditions = rule.isJsonObject() ? rule.getAsJsonObject().get("c") : null;
            if (conditions != null && conditions.isJsonArray()) {
                for (JsonElement condition : conditions.getAsJsonArray()) {
                    if (condition.isJsonObject() && condition.getAsJsonObject().has("s")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
