package io.flagbridge.internal.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.configcat.ConfigCatClient;

import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a newcomer reads in the log at deployment: the start line, misspelt keys, keys that do nothing. */
class StartLineTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of("io.flagbridge");

    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;
    }

    static Map<String, String> localOnly(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void aMisspeltKeyIsNamedWithTheKeyItMeans() {
        app = WeldApp.start(localOnly("segment.flush-intervall", "PT1S", "flagbridge.telemetry.enable", "false",
                "configcat.no-such-thing", "1", "Segment.Write-Key", "x"), Shop.class);
        assertThat(log.coded("FLAGBRIDGE-0401")).containsExactly(
                "FLAGBRIDGE-0401: Segment.Write-Key is not a FlagBridge configuration key and is ignored; did you "
                        + "mean segment.write-key?",
                "FLAGBRIDGE-0401: configcat.no-such-thing is not a FlagBridge configuration key and is ignored; the "
                        + "keys are listed in docs/configuration.md",
                "FLAGBRIDGE-0401: flagbridge.telemetry.enable is not a FlagBridge configuration key and is ignored; "
                        + "did you mean flagbridge.telemetry.enabled?",
                "FLAGBRIDGE-0401: segment.flush-intervall is not a FlagBridge configuration key and is ignored; did "
                        + "you mean segment.flush-interval?");
        assertThat(log.records()).filteredOn(r -> r.getMessage().startsWith("FLAGBRIDGE-0401"))
                .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
    }

    @Test
    void aMissingSdkKeyPointsAtAMisspeltOverrideBehaviour() {
        assertThatThrownBy(() -> app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behavior", "local-only"), Shop.class))
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains("FLAGBRIDGE-0001: "
                        + "configcat.sdk-key is not set; it is required unless configcat.overrides.behaviour=local-only "
                        + "(configcat.overrides.behavior is set: did you mean configcat.overrides.behaviour?)"));
        // The typo is also named on its own, as every unknown key is.
        assertThat(log.coded("FLAGBRIDGE-0401")).containsExactly("FLAGBRIDGE-0401: configcat.overrides.behavior is "
                + "not a FlagBridge configuration key and is ignored; did you mean configcat.overrides.behaviour?");
    }

    @Test
    void theStartLineSaysWhereFlagsComeFromAndThatSegmentIsOffAndWhy() {
        app = WeldApp.start(localOnly("flagbridge.application-name", "shop"), Shop.class);
        assertThat(log.coded("FLAGBRIDGE-0400")).containsExactly("FLAGBRIDGE-0400: FlagBridge started for "
                + "application 'shop': flags from configcat.overrides.resource=flags/simple.json (local-only); Segment "
                + "off (segment.write-key is not set); webhook off (configcat.webhook.signing-keys is not set); "
                + "readiness checks on, OpenTelemetry on");
        assertThat(log.records()).filteredOn(r -> r.getMessage().startsWith("FLAGBRIDGE-0400"))
                .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
        assertThat(log.coded("FLAGBRIDGE-0402")).isEmpty();
    }

    @Test
    void theStartLineNamesSegmentsHostAndTheWebhookButNoKey() {
        try (FakeSegment segment = FakeSegment.start()) {
            app = WeldApp.start(localOnly("segment.write-key", "write-key-secret-0123", "segment.endpoint",
                    segment.baseUrl(), "segment.flush-interval", "PT2S", "configcat.webhook.signing-keys",
                    "signing-key-secret-4567", "flagbridge.telemetry.enabled", "false"), Shop.class);
            app.close();
            app = null;
        }
        assertThat(log.coded("FLAGBRIDGE-0400")).containsExactly("FLAGBRIDGE-0400: FlagBridge started for "
                + "application '(unnamed)': flags from configcat.overrides.resource=flags/simple.json (local-only); "
                + "Segment on, to 127.0.0.1 every 2s; webhook on at /flagbridge/configcat-webhook; readiness checks "
                + "on, OpenTelemetry off");
        assertThat(log.records()).allSatisfy(r -> assertThat(String.valueOf(r.getMessage()))
                .doesNotContain("write-key-secret").doesNotContain("signing-key-secret"));
    }

    @Test
    void segmentKeysWithoutAWriteKeyAreNamedAsIgnored() {
        app = WeldApp.start(localOnly("segment.endpoint", "http://127.0.0.1:1", "segment.flush-interval", "PT1S"),
                Shop.class);
        assertThat(log.coded("FLAGBRIDGE-0402")).containsExactly("FLAGBRIDGE-0402: segment.endpoint, "
                + "segment.flush-interval are set but segment.write-key is not: Segment is off, and they are ignored");
    }
}
