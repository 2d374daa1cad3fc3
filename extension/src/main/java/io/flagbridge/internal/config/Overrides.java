package io.flagbridge.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.configcat.OverrideBehaviour;
import com.configcat.SettingType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.flagbridge.internal.ConfigKeys;

/**
 * Local flag values, from a file or from a resource of the application's class loader.
 *
 * @param file the file, when {@code configcat.overrides.file} is set
 * @param resource the resource name and its content, read with the application's class loader at deployment
 * @param behaviour how local values combine with remote ones
 * @param autoReload whether the file is re-read when it changes
 */
public record Overrides(Optional<Path> file, Optional<Resource> resource, OverrideBehaviour behaviour,
        boolean autoReload) {

    /** The types of a full config's {@code t}: 0 boolean, 1 text, 2 whole number, 3 decimal number. */
    private static final List<SettingType> FULL_TYPES = List.of(SettingType.BOOLEAN, SettingType.STRING,
            SettingType.INT, SettingType.DOUBLE);

    /** Where the local flags come from, as the configuration names it (for messages). */
    public String source() {
        return resource.map(r -> ConfigKeys.OVERRIDES_RESOURCE + "=" + r.name())
                .orElseGet(() -> ConfigKeys.OVERRIDES_FILE + "=" + file.map(Path::toString).orElse(""));
    }

    /**
     * The flag keys of the local flag document (its {@code flags} or, in a full config, {@code f} object), read now;
     * empty when it cannot be read.
     */
    public Optional<Set<String>> keys() {
        return types().map(Map::keySet);
    }

    /**
     * The flags of the local flag document with their types, as ConfigCat reads them: in the simple form a value's
     * JSON type (a number with a fraction or an exponent is a decimal), in a full config its {@code t}; empty when
     * the document cannot be read.
     */
    public Optional<Map<String, SettingType>> types() {
        try {
            String content = resource.isPresent() ? resource.get().content()
                    : Files.readString(file.orElseThrow(), StandardCharsets.UTF_8);
            JsonObject root = JsonParser.parseString(content).getAsJsonObject();
            Map<String, SettingType> types = new LinkedHashMap<>();
            if (root.has("flags")) {
                root.getAsJsonObject("flags").entrySet().forEach(flag -> types.put(flag.getKey(),
                        simpleType(flag.getValue())));
            } else {
                root.getAsJsonObject("f").entrySet().forEach(flag -> types.put(flag.getKey(),
                        FULL_TYPES.get(flag.getValue().getAsJsonObject().get("t").getAsInt())));
            }
            return Optional.of(Collections.unmodifiableMap(types));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static SettingType simpleType(JsonElement value) {
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return SettingType.BOOLEAN;
        }
        if (primitive.isString()) {
            return SettingType.STRING;
        }
        String number = primitive.getAsString();
        return number.contains(".") || number.contains("e") || number.contains("E") ? SettingType.DOUBLE
                : SettingType.INT;
    }

    /**
     * A local flag resource, read at deployment (ConfigCat's own {@code classPathResource} would look in the SDK's
     * class loader, which is not the application's when the SDK is a server module).
     *
     * @param name the resource name
     * @param content its JSON text
     */
    public record Resource(String name, String content) {
        @Override
        public String toString() {
            return "Resource[" + name + "]";
        }
    }
}
