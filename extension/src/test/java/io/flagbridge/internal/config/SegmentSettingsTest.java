package io.flagbridge.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentSettingsTest {

    private final Map<String, String> config = new HashMap<>();
    private ConfigReader reader;

    private EventSettings events;

    /** The segment.* settings, and flagbridge.events.* beside them (Segment is their main user). */
    private Optional<SegmentSettings> read() {
        reader = new ConfigReader(key -> Optional.ofNullable(config.get(key)));
        Optional<SegmentSettings> segment = SegmentSettings.read(reader);
        events = EventSettings.read(reader).orElse(null);
        return events == null ? Optional.empty() : segment;
    }

    @Test
    void defaults() {
        SegmentSettings settings = read().orElseThrow();
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.endpoint()).isEqualTo(URI.create("https://api.segment.io"));
        assertThat(settings.anonymousId()).isEmpty();
        assertThat(settings.textValueMaxLength()).isEqualTo(256);
        assertThat(settings.dedupeWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.userAttributes()).isEmpty();
        assertThat(settings.privateAttributes()).isEmpty();
        assertThat(settings.hashUserId()).isFalse();
        assertThat(settings.evaluatedEnabled()).isTrue();
        assertThat(settings.queueCapacity()).isEqualTo(10_000);
        assertThat(settings.queueMaxBytes()).isEqualTo(16L << 20);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.flushSize()).isEqualTo(1000);
        assertThat(settings.maxInFlight()).isEqualTo(8);
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(events.queueCapacity()).isEqualTo(10_000);
        assertThat(settings.exposures()).isEqualTo(SegmentSettings.Exposures.ALL);
        assertThat(settings.exposureFlags()).isEmpty();
    }

    @Test
    void everyKeyWithAValidValue() {
        config.putAll(Map.of("segment.write-key", "write-key-0123456789", "segment.endpoint",
                "https://events.eu1.segmentapis.com/", "segment.anonymous-id", "shop", "segment.text-value-max-length",
                "64", "segment.dedupe-window", "PT0S", "segment.user-attributes", "Email, plan",
                "segment.private-attributes", "Country", "segment.hash-user-id", "true", "segment.hash-key",
                "pepper-0123456789", "segment.evaluated.enabled", "false"));
        config.putAll(Map.of("segment.queue-max-bytes", "512kb", "segment.exposures", "Split",
                "segment.exposure-flags", " newCheckout, betaBanner ,"));
        config.putAll(Map.of("segment.queue-capacity", "5", "segment.flush-interval", "PT2S", "segment.flush-size",
                "7", "segment.retries", "0", "segment.shutdown-timeout", "PT0S", "flagbridge.events.queue-capacity",
                "9", "segment.max-in-flight", "16"));
        SegmentSettings settings = read().orElseThrow(() -> new AssertionError(reader.problems()));
        assertThat(settings.writeKey().orElseThrow().reveal()).isEqualTo("write-key-0123456789");
        assertThat(settings.endpoint()).isEqualTo(URI.create("https://events.eu1.segmentapis.com"));
        assertThat(settings.anonymousId()).contains("shop");
        assertThat(settings.textValueMaxLength()).isEqualTo(64);
        assertThat(settings.dedupeWindow()).isZero();
        assertThat(settings.userAttributes()).contains(Set.of("Email", "plan"));
        assertThat(settings.privateAttributes()).containsExactly("Country");
        assertThat(settings.hashUserId()).isTrue();
        assertThat(settings.hashKey().orElseThrow().reveal()).isEqualTo("pepper-0123456789");
        assertThat(settings.evaluatedEnabled()).isFalse();
        assertThat(List.of(settings.queueCapacity(), settings.flushSize(), settings.retries(),
                events.queueCapacity(), settings.maxInFlight())).containsExactly(5, 7, 0, 9, 16);
        assertThat(settings.flushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.queueMaxBytes()).isEqualTo(512 * 1024);
        assertThat(settings.shutdownTimeout()).isZero();
        assertThat(settings.exposures()).isEqualTo(SegmentSettings.Exposures.SPLIT);
        assertThat(settings.exposureFlags()).contains(Set.of("newCheckout", "betaBanner"));
        assertThat(settings.toString()).contains("****6789").doesNotContain("write-key-0123456789")
                .doesNotContain("pepper-0123456789");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "segment.endpoint | api.segment.io | FLAGBRIDGE-0051: segment.endpoint='api.segment.io' is invalid; expected an absolute http or https URL such as https://api.segment.io or https://events.eu1.segmentapis.com",
            "segment.text-value-max-length | 0 | FLAGBRIDGE-0040: segment.text-value-max-length='0' is invalid; expected a whole number >= 1",
            "segment.dedupe-window | 1h | FLAGBRIDGE-0041: segment.dedupe-window='1h' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT0S to PT720H",
            "segment.dedupe-window | -PT1S | FLAGBRIDGE-0041: segment.dedupe-window='-PT1S' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT0S to PT720H",
            "segment.hash-user-id | yes | FLAGBRIDGE-0042: segment.hash-user-id='yes' is invalid; expected true or false",
            "segment.evaluated.enabled | off | FLAGBRIDGE-0044: segment.evaluated.enabled='off' is invalid; expected true or false",
            "segment.queue-capacity | 0 | FLAGBRIDGE-0045: segment.queue-capacity='0' is invalid; expected a whole number >= 1",
            "segment.queue-max-bytes | lots | FLAGBRIDGE-0053: segment.queue-max-bytes='lots' is invalid; expected a size such as 16MB, 512KB or 1000000 (bytes), at least 32768 bytes",
            "segment.queue-max-bytes | 1KB | FLAGBRIDGE-0053: segment.queue-max-bytes='1KB' is invalid; expected a size such as 16MB, 512KB or 1000000 (bytes), at least 32768 bytes",
            "segment.queue-max-bytes | 99999999999GB | FLAGBRIDGE-0053: segment.queue-max-bytes='99999999999GB' is invalid; expected a size such as 16MB, 512KB or 1000000 (bytes), at least 32768 bytes",
            "segment.flush-interval | PT0.5S | FLAGBRIDGE-0046: segment.flush-interval='PT0.5S' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT1S to PT1H",
            "segment.flush-size | many | FLAGBRIDGE-0047: segment.flush-size='many' is invalid; expected a whole number from 1 to 2500",
            "segment.flush-size | 2501 | FLAGBRIDGE-0047: segment.flush-size='2501' is invalid; expected a whole number from 1 to 2500",
            "segment.max-in-flight | 0 | FLAGBRIDGE-0054: segment.max-in-flight='0' is invalid; expected a whole number from 1 to 32",
            "segment.max-in-flight | 33 | FLAGBRIDGE-0054: segment.max-in-flight='33' is invalid; expected a whole number from 1 to 32",
            "segment.max-in-flight | four | FLAGBRIDGE-0054: segment.max-in-flight='four' is invalid; expected a whole number from 1 to 32",
            "segment.retries | -1 | FLAGBRIDGE-0048: segment.retries='-1' is invalid; expected a whole number >= 0",
            "segment.shutdown-timeout | 5 | FLAGBRIDGE-0049: segment.shutdown-timeout='5' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT0S to PT5M",
            "segment.endpoint | https://api.segment.io:99999 | FLAGBRIDGE-0051: segment.endpoint='https://api.segment.io:99999' is invalid; expected an absolute http or https URL such as https://api.segment.io or https://events.eu1.segmentapis.com",
            "segment.dedupe-window | PT3000000H | FLAGBRIDGE-0041: segment.dedupe-window='PT3000000H' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT0S to PT720H",
            "segment.flush-interval | PT3000000H | FLAGBRIDGE-0046: segment.flush-interval='PT3000000H' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT1S to PT1H",
            "segment.shutdown-timeout | PT3000000H | FLAGBRIDGE-0049: segment.shutdown-timeout='PT3000000H' is invalid; expected an ISO-8601 duration such as PT10S or PT1H, from PT0S to PT5M",
            "segment.exposures | experiments | FLAGBRIDGE-0037: segment.exposures='experiments' is invalid; expected all, targeted or split",
            "segment.exposure-flags | ' , ,' | FLAGBRIDGE-0038: segment.exposure-flags=', ,' names no flag; expected comma-separated flag keys such as newCheckout,newSearch",
            "flagbridge.events.queue-capacity | 0 | FLAGBRIDGE-0050: flagbridge.events.queue-capacity='0' is invalid; expected a whole number >= 1",
    })
    void invalidValue(String key, String value, String message) {
        config.put(key, value);
        assertThat(read()).isEmpty();
        assertThat(reader.problems()).containsExactly(message);
    }

    @Test
    void hashingNeedsAKey() {
        config.put("segment.hash-user-id", "true");
        assertThat(read()).isEmpty();
        assertThat(reader.problems()).containsExactly("FLAGBRIDGE-0043: segment.hash-user-id=true needs "
                + "segment.hash-key (the HMAC-SHA256 key) to be set as well");
    }
}
