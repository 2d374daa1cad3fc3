package io.flagbridge.it.quarkus;

import java.util.List;
import java.util.Map;

import io.flagbridge.it.FeatureFlagScenarios;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A fake ConfigCat CDN and a fake Segment on 127.0.0.1 for the {@code @QuarkusTest} application, started before it
 * starts (its configuration names them) and stopped after it stops.
 */
public class Fakes implements QuarkusTestResourceLifecycleManager {

    public static final String SDK_KEY = "configcat-sdk-1/flagbridge-quarkus-001/0123456789abcdefghijkl";
    public static final String WRITE_KEY = "quarkus-write-key-0123456789";
    public static final String SIGNING_KEY = "configcat_whsk_flagbridge-quarkus-000000000000000";

    static volatile FakeConfigCatCdn cdn;
    static volatile FakeSegment segment;

    /** The gated shop's flags ({@link FeatureFlagScenarios#flags}) and a text flag with a rule. */
    static String flags(boolean banner) {
        return ConfigJson.forCdn(cdn.baseUrl())
                .boolFlag("newCheckout", true, "v-checkout-on")
                .boolFlag("newSearch", false, "v-search-off")
                .boolFlag("banner", banner, banner ? "v-banner-on" : "v-banner-off")
                .boolFlag("beta", false, "v-beta-off", new ConfigJson.Rule("Identifier",
                        ConfigJson.TextComparator.IS_ONE_OF, List.of("alice"), Boolean.TRUE, "v-beta-alice"))
                .textFlag("plan", "basic", "v-basic", new ConfigJson.Rule("Email",
                        ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "premium", "v-premium"))
                .build();
    }

    @Override
    public Map<String, String> start() {
        cdn = FakeConfigCatCdn.start();
        segment = FakeSegment.start();
        cdn.serve(SDK_KEY, flags(false));
        return Map.ofEntries(Map.entry("configcat.sdk-key", SDK_KEY),
                Map.entry("configcat.base-url", cdn.baseUrl()),
                Map.entry("configcat.poll-interval", "3600"),
                Map.entry("configcat.max-init-wait", "20"),
                Map.entry("configcat.webhook.signing-keys", SIGNING_KEY),
                Map.entry("segment.write-key", WRITE_KEY),
                Map.entry("segment.endpoint", segment.baseUrl()),
                Map.entry("segment.flush-size", "1"),
                Map.entry("segment.flush-interval", "PT1S"));
    }

    @Override
    public void stop() {
        segment.close();
        cdn.close();
    }
}
