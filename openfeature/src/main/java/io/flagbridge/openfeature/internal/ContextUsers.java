package io.flagbridge.openfeature.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.configcat.User;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.InvalidContextError;
import io.flagbridge.internal.users.CurrentUser;

/**
 * The ConfigCat user of an OpenFeature evaluation. A context is the user: the targeting key is its identifier,
 * {@code email} and {@code country} are ConfigCat's two well-known attributes, every other attribute is a custom one
 * with its type kept (a number stays a number for the number comparators, a list of texts a list for the list
 * comparators, text for text and semver comparators, an Instant a date). A context with attributes but no targeting
 * key is a user with an empty identifier (rules on its attributes match; percentage options put all such users in one
 * bucket). Without any context the user comes from {@code @FeatureFlag}'s sources ({@link CurrentUser}), looked up on
 * each evaluation, so per request.
 */
public final class ContextUsers {

    private static final Set<String> EMAIL = Set.of("email", "Email");
    private static final Set<String> COUNTRY = Set.of("country", "Country");

    private final CurrentUser current;

    /** @param current the application's current user, or null for none */
    public ContextUsers(CurrentUser current) {
        this.current = current;
    }

    /**
     * @return the user, or null for none
     * @throws InvalidContextError when an attribute has a type ConfigCat cannot compare
     */
    public User user(EvaluationContext context) {
        if (context == null) {
            return current == null ? null : current.get();
        }
        // The SDK gives a new (layered) context each evaluation; a request evaluates several flags for one user.
        EvaluationContext source = LayeredContexts.unwrap(context);
        Converted last = this.last;
        if (last != null && (last.immutable == source
                || last.layers != null && LayeredContexts.hasLayers(source, last.layers))) {
            // An ImmutableContext copies its attributes and targeting key: the same one (or the same immutable
            // layers) is the same user. Checked before the targeting key is read, since an ImmutableContext's
            // getTargetingKey() copies a Value, and before a layered context's merged view is built (a map).
            return last.user;
        }
        String key = context.getTargetingKey();
        if (key == null || key.isEmpty()) {
            if (source.isEmpty()) {
                return current == null ? null : current.get();
            }
            key = "";
        }
        Map<String, Value> attributes = source.asUnmodifiableMap();
        EvaluationContext immutable = source instanceof ImmutableContext ? source : null;
        EvaluationContext[] layers = immutable == null ? LayeredContexts.immutableLayers(source) : null;
        if (last != null && last.key.equals(key) && last.attributes.equals(attributes)) {
            if (immutable != null || layers != null) {
                // An equal context made anew (one per request, say): its next evaluations are recognised by identity
                this.last = new Converted(immutable, layers, last.key, last.attributes, last.user);
            }
            return last.user;
        }
        User user = convert(key, attributes);
        this.last = new Converted(immutable, layers, key, copy(attributes), user);
        return user;
    }

    /**
     * The last context converted: the attributes are a copy, so that a mutable context changed later is no match;
     * {@code immutable} is the context itself when it is an {@code ImmutableContext}, {@code layers} the layers of a
     * layered context when each is one (or absent) and no hook added any ({@link LayeredContexts#immutableLayers}).
     */
    private record Converted(EvaluationContext immutable, EvaluationContext[] layers, String key,
            Map<String, Value> attributes, User user) {
    }

    private volatile Converted last;

    private static Map<String, Value> copy(Map<String, Value> attributes) {
        Map<String, Value> copy = new HashMap<>(attributes.size() * 2);
        attributes.forEach((name, value) -> copy.put(name,
                value != null && value.isList() ? new Value(List.copyOf(value.asList())) : value));
        return copy;
    }

    private static User convert(String key, Map<String, Value> attributes) {
        User.Builder builder = User.newBuilder();
        Map<String, Object> custom = null;
        for (Map.Entry<String, Value> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            Value value = attribute.getValue();
            if (name.equals(EvaluationContext.TARGETING_KEY) || value == null || value.isNull()) {
                continue;
            }
            if (EMAIL.contains(name) && value.isString()) {
                builder.email(value.asString());
            } else if (COUNTRY.contains(name) && value.isString()) {
                builder.country(value.asString());
            } else {
                if (custom == null) {
                    custom = new HashMap<>();
                }
                custom.put(name, attribute(name, value));
            }
        }
        if (custom != null) {
            builder.custom(custom);
        }
        return builder.build(key);
    }

    /** An attribute as ConfigCat compares it. */
    static Object attribute(String name, Value value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.asObject(); // Integer, Long or Double, as given
        }
        if (value.isBoolean()) {
            return value.asBoolean().toString(); // ConfigCat compares no booleans; its docs advise "true"/"false"
        }
        if (value.isInstant()) {
            // java.util.Date: ConfigCat's date comparators take it, and its own JSON form of the user can write it
            return Date.from(value.asInstant());
        }
        if (value.isList()) {
            List<String> texts = new ArrayList<>();
            for (Value element : value.asList()) {
                if (element == null || !element.isString()) {
                    throw new InvalidContextError(OpenFeatureMessages.unsupportedAttribute(name,
                            "a list with " + describe(element)));
                }
                texts.add(element.asString());
            }
            return texts;
        }
        throw new InvalidContextError(OpenFeatureMessages.unsupportedAttribute(name, describe(value)));
    }

    private static String describe(Value value) {
        if (value == null || value.isNull()) {
            return "a null element";
        }
        if (value.isStructure()) {
            return "a structure";
        }
        if (value.isList()) {
            return "a list";
        }
        if (value.isInstant()) {
            return "a date";
        }
        return "a " + (value.isNumber() ? "number" : value.isBoolean() ? "boolean" : "value");
    }

    /** For track(): an attribute of the details as Segment's JSON holds it. */
    public static Object property(Value value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isStructure()) {
            Map<String, Object> members = new java.util.LinkedHashMap<>();
            for (String name : value.asStructure().keySet()) {
                members.put(name, property(value.asStructure().getValue(name)));
            }
            return members;
        }
        if (value.isList()) {
            List<Object> elements = new ArrayList<>();
            for (Value element : value.asList()) {
                elements.add(property(element));
            }
            return elements;
        }
        if (value.isInstant()) {
            Instant instant = value.asInstant();
            return instant;
        }
        return value.asObject();
    }
}
