package io.flagbridge.benchmarks;

import com.configcat.ConfigCatClient;

/** Where the hand-written interceptor finds the raw client (set before the container starts). */
public final class RawClient {

    private static volatile ConfigCatClient client;

    private RawClient() {
    }

    static void use(ConfigCatClient raw) {
        client = raw;
    }

    public static ConfigCatClient get() {
        ConfigCatClient raw = client;
        if (raw == null) {
            throw new IllegalStateException("no raw ConfigCatClient: start a BenchApp first");
        }
        return raw;
    }
}
