package io.flagbridge.internal.config;

import java.util.Optional;

/**
 * An application's whole, validated FlagBridge configuration.
 *
 * @param client {@code configcat.*}
 * @param events {@code flagbridge.events.*}
 * @param segment {@code segment.*}
 * @param changes the webhook and "Feature Flag Changed"
 * @param operations the health checks and the telemetry
 * @param request one value per request
 */
public record Settings(ClientSettings client, EventSettings events, SegmentSettings segment, ChangeSettings changes,
        OperationsSettings operations, RequestSettings request) {

    /**
     * Reads every area, so that all problems are reported at once.
     *
     * @param applicationLoader the class loader that {@code configcat.overrides.resource} is read with
     * @return the settings, or empty when the reader reported a problem
     */
    public static Optional<Settings> read(ConfigReader reader, ClassLoader applicationLoader) {
        Optional<ClientSettings> client = ClientSettingsReader.read(reader, applicationLoader);
        Optional<EventSettings> events = EventSettings.read(reader);
        Optional<SegmentSettings> segment = SegmentSettings.read(reader);
        Optional<ChangeSettings> changes = ChangeSettings.read(reader);
        Optional<OperationsSettings> operations = OperationsSettings.read(reader);
        Optional<RequestSettings> request = RequestSettings.read(reader);
        if (!reader.problems().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Settings(client.orElseThrow(), events.orElseThrow(), segment.orElseThrow(),
                changes.orElseThrow(), operations.orElseThrow(), request.orElseThrow()));
    }
}
