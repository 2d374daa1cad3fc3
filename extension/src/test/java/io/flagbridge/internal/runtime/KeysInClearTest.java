package io.flagbridge.internal.runtime;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A key would cross the network in clear only over plain HTTP to another machine. */
class KeysInClearTest {

    @ParameterizedTest
    @CsvSource({ "http://api.segment.example, true", "http://10.0.0.5:8080/segment, true",
            "https://api.segment.io, false", "http://localhost:8080, false", "http://127.0.0.1:9000, false",
            "http://[::1]:9000, false", "http://app.localhost, false", "HTTP://cdn.example.org, true" })
    void plainHttpToAnotherHostIsInClear(String url, boolean inClear) {
        assertThat(FlagBridgeRuntime.inClear(URI.create(url))).isEqualTo(inClear);
    }
}
