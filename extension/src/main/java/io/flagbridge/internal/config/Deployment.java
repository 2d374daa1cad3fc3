package io.flagbridge.internal.config;

import java.util.List;
import java.util.Optional;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * What FlagBridge tells about one application in its readiness data and warnings, so that two applications on one
 * server can be told apart.
 *
 * @param application the application's name: {@code flagbridge.application-name}, else the name the server gives it
 *        (Jakarta EE's {@code java:app/AppName}, else {@code java:module/ModuleName}); empty on a runtime that gives
 *        none (Weld SE)
 * @param segmentEnabled whether {@code segment.write-key} is set
 */
public record Deployment(Optional<String> application, boolean segmentEnabled) {

    /** Reads the server's name of the application; call on a thread of the application (its deployment). */
    public static Deployment of(Settings settings) {
        return new Deployment(applicationName(settings.operations().applicationName()), settings.segment().enabled());
    }

    /**
     * The application's name: the configured one, else the server's; call on a thread of the application.
     *
     * @param configured {@code flagbridge.application-name}
     */
    public static Optional<String> applicationName(Optional<String> configured) {
        return configured.or(Deployment::nameFromServer);
    }

    private static Optional<String> nameFromServer() {
        for (String name : List.of("java:app/AppName", "java:module/ModuleName")) {
            try {
                Object value = new InitialContext().lookup(name);
                if (value instanceof String text && !text.isBlank()) {
                    return Optional.of(text);
                }
            } catch (NamingException | RuntimeException | LinkageError e) {
                // no naming context here (Weld SE), or not this name
            }
        }
        return Optional.empty();
    }
}
