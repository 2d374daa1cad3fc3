package io.flagbridge.openfeature.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;

/** A JSON text flag's value as an OpenFeature {@link Value}. */
public final class JsonValues {

    private JsonValues() {
    }

    public static Value of(JsonElement json) {
        if (json == null || json.isJsonNull()) {
            return new Value();
        }
        if (json.isJsonObject()) {
            MutableStructure structure = new MutableStructure();
            for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
                structure.add(member.getKey(), of(member.getValue()));
            }
            return new Value(structure);
        }
        if (json.isJsonArray()) {
            List<Value> elements = new ArrayList<>();
            json.getAsJsonArray().forEach(element -> elements.add(of(element)));
            return new Value(elements);
        }
        JsonPrimitive primitive = json.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return new Value(primitive.getAsBoolean());
        }
        if (primitive.isNumber()) {
            double number = primitive.getAsDouble();
            return number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE
                    ? new Value((int) number)
                    : new Value(number);
        }
        return new Value(primitive.getAsString());
    }
}
