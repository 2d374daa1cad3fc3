package io.flagbridge.internal.config;

import java.util.Map;
import java.util.Optional;

import io.flagbridge.internal.Messages;

import static io.flagbridge.internal.ConfigKeys.APPLICATION_NAME;
import static io.flagbridge.internal.ConfigKeys.HEALTH_ENABLED;
import static io.flagbridge.internal.ConfigKeys.TELEMETRY_ENABLED;
import static io.flagbridge.internal.ConfigKeys.TELEMETRY_EVALUATION_EVENTS;

/**
 * The validated {@code flagbridge.health.*} and {@code flagbridge.telemetry.*} configuration.
 *
 * @param health whether FlagBridge's MicroProfile Health checks are registered (where the API is visible)
 * @param telemetry whether FlagBridge reports OpenTelemetry metrics and evaluation events (where the API is visible)
 * @param evaluationEvents how an evaluation inside a recording span is reported
 * @param applicationName {@code flagbridge.application-name}: the name FlagBridge's start line, readiness data and
 *        warnings give the application; empty: the name the server gives it
 */
public record OperationsSettings(boolean health, boolean telemetry, EvaluationEvents evaluationEvents,
        Optional<String> applicationName) {

    /** How {@code feature_flag.evaluation} is reported ({@code flagbridge.telemetry.evaluation-events}). */
    public enum EvaluationEvents {
        /** A log-based event (OpenTelemetry's Logs API), correlated with the current span. */
        LOG,
        /** An event of the current span (the conventions' earlier form). */
        SPAN,
        /** Both. */
        BOTH,
        /** Neither. */
        NONE;

        public boolean logs() {
            return this == LOG || this == BOTH;
        }

        public boolean spans() {
            return this == SPAN || this == BOTH;
        }
    }

    private static final Map<String, EvaluationEvents> EVENTS = ConfigReader.words("log", EvaluationEvents.LOG,
            "span", EvaluationEvents.SPAN, "both", EvaluationEvents.BOTH, "none", EvaluationEvents.NONE);

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<OperationsSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        boolean health = reader.bool(HEALTH_ENABLED, true, Messages::healthEnabledInvalid);
        boolean telemetry = reader.bool(TELEMETRY_ENABLED, true, Messages::telemetryEnabledInvalid);
        EvaluationEvents events = reader.choice(TELEMETRY_EVALUATION_EVENTS, EVENTS, EvaluationEvents.LOG,
                Messages::evaluationEventsInvalid);
        return reader.problems().size() > before ? Optional.empty()
                : Optional.of(new OperationsSettings(health, telemetry, events, reader.string(APPLICATION_NAME)));
    }
}
