package io.flagbridge.internal.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.configcat.LogLevel;

import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.util.Secret;
import io.flagbridge.testing.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigCat's per-call evaluation lines are logged once a minute; its other lines every time. */
class ClientLogTest {

    static final String KEY = "configcat-sdk-1/flagbridge-clientlog01/0123456789abcdefghijkl";

    LogCapture lines;
    final AtomicLong now = new AtomicLong();
    ClientLog log;

    @BeforeEach
    void listen() {
        lines = LogCapture.of(ClientLog.LOGGER_NAME);
        log = new ClientLog(Secret.of(KEY),
                new UserPrivacy(SegmentSettings.read(new ConfigReader(key -> Optional.empty())).orElseThrow()), now::get);
    }

    @AfterEach
    void stop() {
        lines.close();
    }

    @Test
    void anIdenticalEvaluationLineIsLoggedOnceAMinuteWithTheCountOfThoseHeldBack() {
        String missing = "Failed to evaluate setting 'dark-mod' (the key was not found in config JSON).";
        for (int i = 0; i < 5; i++) {
            log.apply(LogLevel.ERROR, 1001, missing, null);
        }
        log.apply(LogLevel.ERROR, 1001, "Failed to evaluate setting 'other' (the key was not found).", null);
        assertThat(lines.lines()).containsExactly("[1001] " + missing, "[1001] Failed to evaluate setting 'other' (the key "
                + "was not found).");
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        log.apply(LogLevel.ERROR, 1001, missing, null);
        assertThat(lines.lines()).hasSize(2);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        log.apply(LogLevel.ERROR, 1001, missing, null);
        assertThat(lines.lines()).hasSize(3).last()
                .isEqualTo("[1001] " + missing + " (and 5 identical lines in the last minute, not logged)");
    }

    @Test
    void linesThatAreNotPerEvaluationAreAllLogged() {
        for (int i = 0; i < 3; i++) {
            log.apply(LogLevel.ERROR, 1100, "Unexpected error occurred while trying to fetch config JSON.", null);
        }
        assertThat(lines.lines()).hasSize(3);
    }
}
