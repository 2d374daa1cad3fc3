package io.flagbridge.internal.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flagbridge.internal.util.Secret;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSettingsTest {

    private final Map<String, String> config = new HashMap<>();
    private ConfigReader reader;

    private Optional<ChangeSettings> read() {
        reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        return ChangeSettings.read(reader);
    }

    @Test
    void defaultsWithoutAWebhook() {
        ChangeSettings settings = read().orElseThrow();
        assertThat(settings.webhookEnabled()).isFalse();
        assertThat(settings.webhookPath()).isEqualTo("/flagbridge/configcat-webhook");
        assertThat(settings.webhookMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.segmentSource()).isEqualTo(ChangeSettings.ChangedSource.OFF);
    }

    @Test
    void withSigningKeysTheWebhookIsOnAndTheSegmentSource() {
        config.put("configcat.webhook.signing-keys", "primary-key-0123456789, secondary-key-0123456789");
        config.put("configcat.webhook.path", "/hooks/configcat");
        config.put("configcat.webhook.max-age", "PT1M");
        ChangeSettings settings = read().orElseThrow();
        assertThat(settings.signingKeys()).extracting(Secret::reveal).containsExactly("primary-key-0123456789",
                "secondary-key-0123456789");
        assertThat(settings.webhookPath()).isEqualTo("/hooks/configcat");
        assertThat(settings.webhookMaxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.segmentSource()).isEqualTo(ChangeSettings.ChangedSource.WEBHOOK);
        assertThat(settings.toString()).contains("****6789").doesNotContain("primary-key-0123456789");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "configcat.webhook.path | hooks | FLAGBRIDGE-0070: configcat.webhook.path='hooks' is invalid; expected a path that starts with / and has no * or spaces, such as /flagbridge/configcat-webhook",
            "configcat.webhook.max-age | PT3000000H | FLAGBRIDGE-0072: configcat.webhook.max-age='PT3000000H' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT1S to PT24H",
            "configcat.webhook.max-age | 5m | FLAGBRIDGE-0072: configcat.webhook.max-age='5m' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT1S to PT24H",
            "segment.changed.source | dashboard | FLAGBRIDGE-0073: segment.changed.source='dashboard' is invalid; expected webhook, sdk or off",
            "segment.changed.source | webhook | FLAGBRIDGE-0074: segment.changed.source=webhook needs configcat.webhook.signing-keys (the webhook is off without them); expected sdk or off, or signing keys",
    })
    void invalidValue(String key, String value, String message) {
        config.put(key, value);
        assertThat(read()).isEmpty();
        assertThat(reader.problems()).containsExactly(message);
    }

    @Test
    void atMostTwoSigningKeys() {
        config.put("configcat.webhook.signing-keys", "a-0123456789,b-0123456789,c-0123456789");
        assertThat(read()).isEmpty();
        assertThat(reader.problems()).containsExactly("FLAGBRIDGE-0071: configcat.webhook.signing-keys has 3 keys; "
                + "expected one or two (ConfigCat's primary and secondary signing keys)");
        assertThat(List.of(reader.problems().get(0))).noneMatch(p -> p.contains("0123456789"));
    }
}
