package io.flagbridge.internal.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsSettingsTest {

    private final Map<String, String> config = new HashMap<>();
    private ConfigReader reader;

    private Optional<OperationsSettings> read() {
        reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        return OperationsSettings.read(reader);
    }

    @Test
    void healthAndTelemetryAreOnByDefault() {
        assertThat(read()).contains(new OperationsSettings(true, true, OperationsSettings.EvaluationEvents.LOG,
                Optional.empty()));
    }

    @Test
    void evaluationEventsAsLogRecordsSpanEventsBothOrNone() {
        for (OperationsSettings.EvaluationEvents events : OperationsSettings.EvaluationEvents.values()) {
            config.put("flagbridge.telemetry.evaluation-events", events.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(read().orElseThrow().evaluationEvents()).isEqualTo(events);
        }
        assertThat(List.of(OperationsSettings.EvaluationEvents.values())).extracting(e -> e.logs() + " " + e.spans())
                .containsExactly("true false", "false true", "true true", "false false");
    }

    @Test
    void eachCanBeTurnedOff() {
        config.put("flagbridge.health.enabled", "false");
        config.put("flagbridge.telemetry.enabled", "FALSE");
        assertThat(read()).contains(new OperationsSettings(false, false, OperationsSettings.EvaluationEvents.LOG,
                Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flagbridge.health.enabled | off | FLAGBRIDGE-0090: flagbridge.health.enabled='off' is invalid; expected true or false",
            "flagbridge.telemetry.enabled | 1 | FLAGBRIDGE-0091: flagbridge.telemetry.enabled='1' is invalid; expected true or false",
            "flagbridge.telemetry.evaluation-events | logs | FLAGBRIDGE-0096: flagbridge.telemetry.evaluation-events='logs' is invalid; expected log, span, both or none",
    })
    void invalidValue(String key, String value, String message) {
        config.put(key, value);
        assertThat(read()).isEmpty();
        assertThat(reader.problems()).containsExactly(message);
    }
}
