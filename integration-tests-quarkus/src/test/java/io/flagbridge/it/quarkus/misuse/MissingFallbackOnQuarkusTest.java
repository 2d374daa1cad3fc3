package io.flagbridge.it.quarkus.misuse;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

import static org.assertj.core.api.Assertions.fail;

/** A fallback method that does not exist fails the build. */
class MissingFallbackOnQuarkusTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = Misuse.failing(Misused.MissingFallback.class, Map.of(), "FLAGBRIDGE-0102: "
            + "@FeatureFlag on " + Misused.MissingFallback.class.getName() + ".search(String) names fallback method "
            + "'legacySearch', which does not exist in " + Misused.MissingFallback.class.getName() + "; expected a "
            + "method legacySearch(String)");

    @Test
    void theBuildFails() {
        fail(Misuse.NEVER_RUNS);
    }
}
