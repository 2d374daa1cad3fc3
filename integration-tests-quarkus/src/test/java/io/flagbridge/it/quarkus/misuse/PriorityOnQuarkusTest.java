package io.flagbridge.it.quarkus.misuse;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.assertj.core.api.Assertions.fail;

/** {@code flagbridge.interceptor.priority}, which Quarkus fixes at build time, is checked at build time. */
class PriorityOnQuarkusTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = Misuse.failing(Misused.Gated.class,
            Map.of("flagbridge.interceptor.priority", "early"), "FLAGBRIDGE-0100: flagbridge.interceptor.priority="
                    + "'early' is invalid; expected a whole number (an interceptor priority; the default is 1010)");

    @Test
    void theBuildFails() {
        fail(Misuse.NEVER_RUNS);
    }
}
