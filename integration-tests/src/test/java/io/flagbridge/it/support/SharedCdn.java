package io.flagbridge.it.support;

import io.flagbridge.testing.FakeConfigCatCdn;

/**
 * The fake ConfigCat CDN of a test JVM. It must be running before the test archives are built (their configuration
 * holds its URL), so it starts with this class and stops with the JVM.
 */
public final class SharedCdn {

    public static final FakeConfigCatCdn CDN = FakeConfigCatCdn.start();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(CDN::close, "fake-configcat-cdn-shutdown"));
    }

    private SharedCdn() {
    }
}
