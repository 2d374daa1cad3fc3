package io.flagbridge.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import com.configcat.OverrideBehaviour;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
        try {
            String content = resource.isPresent() ? resource.get().content()
                    : Files.readString(file.orElseThrow(), StandardCharsets.UTF_8);
            JsonObject root = JsonParser.parseString(content).getAsJsonObject();
            JsonObject flags = root.has("flags") ? root.getAsJsonObject("flags") : root.getAsJsonObject("f");
            return Optional.of(Set.copyOf(flags.keySet()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
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
