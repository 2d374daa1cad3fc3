package io.flagbridge.openfeature;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.Dependent;

import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.WeldApp;

/** One application on Weld SE with FlagBridge and its OpenFeature module, against a fake ConfigCat CDN. */
final class OpenFeatureTestApp {

    static final String KEY = "configcat-sdk-1/flagbridge-openfeature/secret-part-of-key-001";

    private OpenFeatureTestApp() {
    }

    static Map<String, String> config(FakeConfigCatCdn cdn, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                cdn.baseUrl() + "/", "configcat.polling-mode", "auto", "configcat.poll-interval", "3600",
                "configcat.max-init-wait", "10"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    /** A bean, so that Weld SE (discovery off) has one even when a test needs none. */
    @Dependent
    public static class Anchor {
    }

    static WeldApp start(FakeConfigCatCdn cdn, Class<?>[] beans, String... more) {
        Class<?>[] all = java.util.Arrays.copyOf(beans, beans.length + 1);
        all[beans.length] = Anchor.class;
        return WeldApp.start(config(cdn, more), all);
    }
}
