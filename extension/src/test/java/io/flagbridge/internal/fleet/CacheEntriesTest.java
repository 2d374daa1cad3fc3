package io.flagbridge.internal.fleet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** What the application's shared cache holds cannot pin a replica or flood its log. */
@ExtendWith(Fakes.class)
class CacheEntriesTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-entries-001/0123456789abcdefghijkl";

    /** A shared cache in memory, preloaded by the test; its reads fail while {@code failing}. */
    @ApplicationScoped
    public static class MapCache extends ConfigCache {
        static final Map<String, String> ENTRIES = new ConcurrentHashMap<>();
        static final java.util.concurrent.atomic.AtomicInteger FAILED_READS = new java.util.concurrent.atomic.AtomicInteger();
        static volatile boolean failing;

        @Override
        protected String read(String key) {
            if (failing) {
                FAILED_READS.incrementAndGet();
                throw new IllegalStateException("the cache cluster is unreachable");
            }
            return ENTRIES.isEmpty() ? null : ENTRIES.values().iterator().next();
        }

        @Override
        protected void write(String key, String value) {
            ENTRIES.clear();
            ENTRIES.put(key, value);
        }
    }

    @ApplicationScoped
    public static class Checkout {
        @Inject
        ConfigCatClient client;

        boolean on() {
            return client.getValue(Boolean.class, "checkout", false);
        }
    }

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @BeforeEach
    void start() {
        MapCache.ENTRIES.clear();
        MapCache.failing = false;
        MapCache.FAILED_READS.set(0);
    }

    String flags(boolean on) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", on, on ? "v-on" : "v-off").build();
    }

    WeldApp startApp(int pollIntervalSeconds) {
        return WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.poll-interval", String.valueOf(pollIntervalSeconds), "configcat.max-init-wait", "5"),
                Checkout.class, MapCache.class);
    }

    @Test
    void anEntryFetchedInTheFutureDoesNotKeepTheReplicaFromPolling() {
        cdn.serve(SDK_KEY, flags(true));
        // Written by a replica whose clock says 2100 (or by anyone who can write the store): checkout off.
        MapCache.ENTRIES.put("any", "4102444800000\n\"etag-from-2100\"\n" + flags(false));
        app = startApp(1);
        Checkout checkout = app.select(Checkout.class);

        assertThat(Eventually.until(checkout::on, on -> on)).as("the CDN's config, not the entry's").isTrue();
        assertThat(cdn.requests(SDK_KEY)).isPositive();
    }

    @Test
    void aFailingStoreIsLoggedOnceNotOncePerEvaluation() {
        cdn.serve(SDK_KEY, flags(true));
        // No poll while the test runs: each poll writes the entry, and a replica reads back what it wrote for a second.
        app = startApp(60);
        Checkout checkout = app.select(Checkout.class);
        assertThat(Eventually.until(checkout::on, on -> on)).isTrue();
        try (LogCapture log = LogCapture.of("io.flagbridge.configcat")) {
            MapCache.failing = true;
            assertThat(Eventually.until(() -> checkout.on() ? MapCache.FAILED_READS.get() : -1, n -> n > 0))
                    .as("the store was asked, and failed").isPositive();
            for (int i = 0; i < 1_000; i++) {
                assertThat(checkout.on()).isTrue();
            }
            List<String> cacheErrors = log.lines(Level.SEVERE).stream().filter(line -> line.startsWith("[2200]"))
                    .toList();
            assertThat(cacheErrors).containsExactly("[2200] Error occurred while reading the cache. "
                    + "(java.lang.IllegalStateException: the cache cluster is unreachable)");
        }
    }
}
