package io.flagbridge.test.kit;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.test.Gated;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With the kit on the class path an application needs no SDK key, flag file or write key in its tests. */
class NoConfigurationTest {

    WeldApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void flagsComeFromTheOverridesAndSegmentMessagesAreRecorded() {
        app = WeldApp.start(Map.of(), Gated.class);
        Gated gated = app.select(Gated.class);
        assertThatThrownBy(gated::beta).isInstanceOf(FeatureDisabledException.class);

        app.select(TestFlags.class).set("beta", "true");
        app.select(TestFlags.class).set("greeting", "hello");
        assertThat(gated.beta()).isEqualTo("beta ran");
        assertThat(gated.greeting("alice")).isEqualTo("hello");
        assertThat(app.select(RecordedSegment.class).awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10)))
                .singleElement().satisfies(track -> assertThat(track).contains("\"feature_flag_key\":\"greeting\"",
                        "\"value\":\"hello\""));
    }

    @Test
    void theKitSaysAtDeploymentWithAWarningThatItIsThere() {
        java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.flagbridge");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            app = WeldApp.start(Map.of(), Gated.class);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(records).filteredOn(r -> r.getMessage().startsWith("FLAGBRIDGE-0029: ")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING));
    }
}
