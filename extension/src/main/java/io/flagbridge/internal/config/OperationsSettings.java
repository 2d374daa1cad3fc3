package io.flagbridge.internal.config;

import java.util.Optional;

import io.flagbridge.internal.Messages;

import static io.flagbridge.internal.ConfigKeys.APPLICATION_NAME;
import static io.flagbridge.internal.ConfigKeys.HEALTH_ENABLED;
import static io.flagbridge.internal.ConfigKeys.TELEMETRY_ENABLED;

/**
 * The validated {@code flagbridge.health.*} and {@code flagbridge.telemetry.*} configuration.
 *
 * @param health whether FlagBridge's MicroProfile Health checks are registered (where the API is visible)
 * @param telemetry whether FlagBridge reports OpenTelemetry metrics and span events (where the API is visible)
 * @param applicationName {@code flagbridge.application-name}: the name FlagBridge's start line, readiness data and
 *        warnings give the application; empty: the name the server gives it
 */
public record OperationsSettings(boolean health, boolean telemetry, Optional<String> applicationName) {

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<OperationsSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        boolean health = reader.bool(HEALTH_ENABLED, true, Messages::healthEnabledInvalid);
        boolean telemetry = reader.bool(TELEMETRY_ENABLED, true, Messages::telemetryEnabledInvalid);
        return reader.problems().size() > before ? Optional.empty()
                : Optional.of(new OperationsSettings(health, telemetry, reader.string(APPLICATION_NAME)));
    }
}
