package io.flagbridge.internal.config;

import java.nio.file.Path;
import java.util.Optional;

import com.configcat.OverrideBehaviour;

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
