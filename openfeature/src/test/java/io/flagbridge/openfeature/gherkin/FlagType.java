package io.flagbridge.openfeature.gherkin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.FlagEvaluationOptions;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;

/**
 * The flag types of the feature files ("a Boolean-flag", "an Integer-flag", ...): how a value written in a feature
 * file is read, which typed method of {@code Client} evaluates it, and when a resolved value equals a written one
 * (objects as JSON, numbers by value: {@code 100} and {@code 100.0} are the same JSON number).
 */
enum FlagType {
    BOOLEAN,
    STRING,
    INTEGER,
    FLOAT,
    OBJECT;

    static FlagType of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    Object parse(String text) {
        return switch (this) {
            case BOOLEAN -> Boolean.parseBoolean(text);
            case STRING -> text;
            case INTEGER -> Integer.parseInt(text);
            case FLOAT -> Double.parseDouble(text);
            case OBJECT -> value(JsonParser.parseString(text));
        };
    }

    FlagEvaluationDetails<?> evaluate(Client client, String key, String fallback, EvaluationContext context,
            FlagEvaluationOptions options) {
        return switch (this) {
            case BOOLEAN -> client.getBooleanDetails(key, (Boolean) parse(fallback), context, options);
            case STRING -> client.getStringDetails(key, fallback, context, options);
            case INTEGER -> client.getIntegerDetails(key, (Integer) parse(fallback), context, options);
            case FLOAT -> client.getDoubleDetails(key, (Double) parse(fallback), context, options);
            case OBJECT -> client.getObjectDetails(key, (Value) parse(fallback), context, options);
        };
    }

    /** The value alone ({@code getBooleanValue} and the like). */
    Object value(Client client, String key, String fallback) {
        return switch (this) {
            case BOOLEAN -> client.getBooleanValue(key, (Boolean) parse(fallback));
            case STRING -> client.getStringValue(key, fallback);
            case INTEGER -> client.getIntegerValue(key, (Integer) parse(fallback));
            case FLOAT -> client.getDoubleValue(key, (Double) parse(fallback));
            case OBJECT -> client.getObjectValue(key, (Value) parse(fallback));
        };
    }

    /** Whether a resolved value is the value a feature file writes. */
    boolean same(Object resolved, String written) {
        if (this == OBJECT) {
            return resolved instanceof Value value && json(value).equals(JsonParser.parseString(written));
        }
        return Objects.equals(resolved, parse(written));
    }

    /** A JSON text as OpenFeature's {@link Value} (whole numbers as {@code Integer}). */
    static Value value(JsonElement json) {
        if (json.isJsonObject()) {
            MutableStructure structure = new MutableStructure();
            json.getAsJsonObject().entrySet().forEach(member -> structure.add(member.getKey(),
                    value(member.getValue())));
            return new Value(structure);
        }
        if (json.isJsonArray()) {
            List<Value> elements = new ArrayList<>();
            json.getAsJsonArray().forEach(element -> elements.add(value(element)));
            return new Value(elements);
        }
        if (json.isJsonNull()) {
            return new Value();
        }
        JsonPrimitive primitive = json.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return new Value(primitive.getAsBoolean());
        }
        if (primitive.isNumber()) {
            double number = primitive.getAsDouble();
            return number == Math.rint(number) ? new Value((int) number) : new Value(number);
        }
        return new Value(primitive.getAsString());
    }

    /** OpenFeature's {@link Value} as JSON, to compare with a feature file's JSON. */
    static JsonElement json(Value value) {
        if (value == null || value.isNull()) {
            return JsonNull.INSTANCE;
        }
        if (value.isStructure()) {
            JsonObject object = new JsonObject();
            for (Map.Entry<String, Value> member : value.asStructure().asMap().entrySet()) {
                object.add(member.getKey(), json(member.getValue()));
            }
            return object;
        }
        if (value.isList()) {
            JsonArray array = new JsonArray();
            value.asList().forEach(element -> array.add(json(element)));
            return array;
        }
        if (value.isBoolean()) {
            return new JsonPrimitive(value.asBoolean());
        }
        if (value.isNumber()) {
            return new JsonPrimitive((Number) value.asObject());
        }
        return new JsonPrimitive(value.asString());
    }
}
