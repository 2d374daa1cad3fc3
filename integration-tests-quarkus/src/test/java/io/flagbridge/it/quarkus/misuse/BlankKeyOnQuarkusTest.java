package io.flagbridge.it.quarkus.misuse;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.assertj.core.api.Assertions.fail;

/** A blank {@code @FeatureFlag} key fails the build (the build compatible extension's registration). */
class BlankKeyOnQuarkusTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = Misuse.failing(Misused.BlankKey.class, Map.of(), "FLAGBRIDGE-0101: "
            + "@FeatureFlag on " + Misused.BlankKey.class.getName() + ".checkout() has a blank flag key; expected the "
            + "key of a boolean flag");

    @Test
    void theBuildFails() {
        fail(Misuse.NEVER_RUNS);
    }
}
