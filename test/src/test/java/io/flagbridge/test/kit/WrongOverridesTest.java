package io.flagbridge.test.kit;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.Gated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** An override that does not fit its flag fails its test, with a message that names it. */
class WrongOverridesTest {

    @FlagBridgeTest(beans = Gated.class)
    static class WrongTyped {
        @Test
        @FlagOverride(key = "beta", value = "maybe")
        void maybe() {
        }

        @Test
        @FlagOverride(key = "limit", value = "many")
        void many() {
        }
    }

    @FlagBridgeTest(beans = Gated.class)
    static class Twice {
        @Test
        @FlagOverride(key = "beta", value = "true")
        @FlagOverride(key = "beta", value = "false")
        void twice() {
        }
    }

    @Test
    void aValueThatIsNotOfTheFlagsTypeFailsTheTest() {
        assertThat(failures(WrongTyped.class)).containsExactlyInAnyOrder(
                "FLAGBRIDGE-0202: @FlagOverride on io.flagbridge.test.kit.WrongOverridesTest$WrongTyped.maybe() "
                        + "gives boolean flag 'beta' the value \"maybe\", which is not a boolean; expected true or false",
                "FLAGBRIDGE-0202: @FlagOverride on io.flagbridge.test.kit.WrongOverridesTest$WrongTyped.many() "
                        + "gives whole number flag 'limit' the value \"many\", which is not a whole number; expected a "
                        + "whole number from -2147483648 to 2147483647");
    }

    @Test
    void oneKeyTwiceOnOneMethodFailsTheTest() {
        assertThat(failures(Twice.class)).containsExactly("FLAGBRIDGE-0203: @FlagOverride on Twice.twice() "
                + "overrides flag 'beta' twice; expected one @FlagOverride per key");
    }

    static List<String> failures(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        return summary.getFailures().stream().map(failure -> failure.getException().getMessage()).toList();
    }
}
