package io.flagbridge.interceptor.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUsage;
import io.flagbridge.interceptor.FeatureDisabledException;
import io.flagbridge.interceptor.FeatureFlag;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** A misspelt {@code @FeatureFlag} key is found before its first call: at deployment, or at the first config. */
@ExtendWith(Fakes.class)
class FlagKeysTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-flagkeys001/0123456789abcdefghijkl";

    @RegisterExtension
    final LogCapture log = LogCapture.of("io.flagbridge");
    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Misspelt {
        @FeatureFlag("offf")
        public String banner() {
            return "banner";
        }

        @FeatureFlag("on")
        public String checkout() {
            return "checkout";
        }

        @FeatureFlag(value = "aliceonly", defaultValue = true)
        public String preview() {
            return "preview";
        }

        @FeatureFlag("nothing-like-any-key")
        public String search() {
            return "search";
        }
    }

    @Test
    void withLocalOnlyFlagsAnUnknownKeyFailsTheDeploymentNamingTheMethodAndTheNearestKey() {
        assertThatThrownBy(() -> WeldApp.start(FeatureFlagTest.FLAGS, Misspelt.class).close())
                .satisfies(failure -> {
                    String described = WeldApp.describe(failure);
                    String name = Misspelt.class.getName();
                    assertThat(described).contains("FLAGBRIDGE-0018: @FeatureFlag on " + name + ".banner() names "
                            + "flag 'offf', which the local flags (configcat.overrides.resource=flags/targeted.json) "
                            + "do not have; did you mean 'off'?")
                            .contains("FLAGBRIDGE-0018: @FeatureFlag on " + name + ".preview() names flag "
                                    + "'aliceonly', which the local flags (configcat.overrides.resource="
                                    + "flags/targeted.json) do not have; did you mean 'aliceOnly'?")
                            .contains("FLAGBRIDGE-0018: @FeatureFlag on " + name + ".search() names flag "
                                    + "'nothing-like-any-key', which the local flags (configcat.overrides.resource="
                                    + "flags/targeted.json) do not have; expected a key of those flags")
                            .doesNotContain(".checkout()");
                });
    }

    @ApplicationScoped
    public static class TextGate {
        @FeatureFlag("text")
        public String banner() {
            return "banner";
        }

        @FeatureFlag("on")
        public String checkout() {
            return "checkout";
        }
    }

    @Test
    void withLocalOnlyFlagsAGateOnATextFlagFailsTheDeploymentNamingTheMethodAndTheType() {
        assertThatThrownBy(() -> WeldApp.start(FeatureFlagTest.FLAGS, TextGate.class).close())
                .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains("FLAGBRIDGE-0019: @FeatureFlag "
                        + "on " + TextGate.class.getName() + ".banner() names flag 'text', which is a text flag in the "
                        + "local flags (configcat.overrides.resource=flags/targeted.json); @FeatureFlag needs a "
                        + "boolean flag").doesNotContain(".checkout()"));
    }

    @Test
    void withRemoteFlagsAGateOnATextFlagIsOneWarningAtTheFirstConfig() {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).textFlag("text", "Welcome!", "v-welcome")
                .boolFlag("on", true, "v-on").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), TextGate.class);
        ConfigCatClient client = app.select(ConfigCatClient.class);
        client.forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.coded("FLAGBRIDGE-0403").isEmpty());
        client.forceRefresh();
        TextGate gate = app.select(TextGate.class);
        assertThatThrownBy(gate::banner).isInstanceOf(FeatureDisabledException.class);
        assertThat(gate.checkout()).isEqualTo("checkout");
        assertThat(log.coded("FLAGBRIDGE-0403")).containsExactly("FLAGBRIDGE-0403: @FeatureFlag on "
                + TextGate.class.getName() + ".banner() names flag 'text', which is a text flag in ConfigCat's first "
                + "config; @FeatureFlag needs a boolean flag, so the method gets its defaultValue until the flag is "
                + "one");
        assertThat(log.coded("FLAGBRIDGE-0028")).isEmpty();
    }

    @ApplicationScoped
    public static class Remote {
        @FeatureFlag("dark-mod")
        public String darkMode() {
            return "dark";
        }

        @FeatureFlag("checkout")
        public String checkout() {
            return "checkout";
        }

        @FeatureFlag("checkout")
        public String pay() {
            return "pay";
        }
    }

    @Test
    void theInventoryKnowsEveryFeatureFlagMethodThatNamesAKey() {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("dark-mode", true, "v-dark")
                .boolFlag("checkout", true, "v-checkout").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), Remote.class);
        app.select(ConfigCatClient.class).forceRefresh();
        Remote remote = app.select(Remote.class);
        assertThat(remote.checkout()).isEqualTo("checkout");
        assertThatThrownBy(remote::darkMode).isInstanceOf(FeatureDisabledException.class);

        String remoteClass = Remote.class.getName();
        assertThat(app.select(FlagInventory.class).flags()).extracting(FlagUsage::key, FlagUsage::declaredAt,
                FlagUsage::evaluations, FlagUsage::state).containsExactly(
                        tuple("checkout", List.of("@FeatureFlag on " + remoteClass + ".checkout()",
                                "@FeatureFlag on " + remoteClass + ".pay()"), 1L, FlagUsage.State.EVALUATED),
                        tuple("dark-mod", List.of("@FeatureFlag on " + remoteClass + ".darkMode()"), 1L,
                                FlagUsage.State.MISSING),
                        tuple("dark-mode", List.of(), 0L, FlagUsage.State.NEVER_EVALUATED));
    }

    @Test
    void withRemoteFlagsAnUnknownKeyIsOneWarningAtTheFirstConfigAndConfigCatsErrorIsLoggedOnceAMinute() {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("dark-mode", true, "v-dark")
                .boolFlag("checkout", true, "v-checkout").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), Remote.class);
        assertThat(log.coded("FLAGBRIDGE-0028")).isEmpty(); // no config yet
        ConfigCatClient client = app.select(ConfigCatClient.class);
        client.forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.coded("FLAGBRIDGE-0028").isEmpty());
        assertThat(log.coded("FLAGBRIDGE-0028")).containsExactly("FLAGBRIDGE-0028: @FeatureFlag on "
                + Remote.class.getName() + ".darkMode() names flag 'dark-mod', which ConfigCat's first config for "
                + "this SDK key does not have; it gets its default value until the flag exists (did you mean "
                + "'dark-mode'?)");

        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("dark-mode", false, "v-light")
                .boolFlag("checkout", true, "v-checkout").build());
        client.forceRefresh();
        Remote remote = app.select(Remote.class);
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(remote::darkMode).isInstanceOf(FeatureDisabledException.class);
        }
        assertThat(remote.checkout()).isEqualTo("checkout");
        assertThat(log.coded("FLAGBRIDGE-0028")).hasSize(1); // the second config is not the first
        List<LogRecord> missing = log.records().stream().filter(r -> r.getLoggerName().equals("io.flagbridge.configcat"))
                .filter(r -> r.getMessage().startsWith("[1001] ")).toList();
        assertThat(missing).hasSize(1);
        assertThat(missing.get(0).getLevel()).isEqualTo(Level.SEVERE);
        assertThat(missing.get(0).getMessage()).contains("'dark-mod'");
    }

    @ApplicationScoped
    public static class NotCreatedYet {
        @FeatureFlag(value = "new-pricing", defaultValue = true)
        public String pricing() {
            return "new pricing";
        }
    }

    @Test
    void withRemoteFlagsAnUnknownKeyWhoseDefaultValueIsTrueRunsTheMethod() {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-checkout").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), NotCreatedYet.class);
        app.select(ConfigCatClient.class).forceRefresh();
        NotCreatedYet bean = app.select(NotCreatedYet.class);
        assertThat(bean.pricing()).isEqualTo("new pricing");
        assertThat(bean.pricing()).isEqualTo("new pricing");
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.coded("FLAGBRIDGE-0028").isEmpty());
        assertThat(log.coded("FLAGBRIDGE-0028")).containsExactly("FLAGBRIDGE-0028: @FeatureFlag on "
                + NotCreatedYet.class.getName() + ".pricing() names flag 'new-pricing', which ConfigCat's first "
                + "config for this SDK key does not have; it gets its default value until the flag exists");
    }
}
