package io.flagbridge.internal.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCache;

import static org.assertj.core.api.Assertions.assertThat;

/** How often the application's store is read, and what ConfigCat is handed for its entries. */
class SharedConfigCacheReadsTest {

    static final String KEY = "cache-key";
    static final String CONFIG = "{\"p\":{\"u\":\"https://cdn\",\"r\":0},\"f\":{}}";

    /** A store in memory that counts its reads. */
    static final class CountingStore extends ConfigCache {
        final AtomicInteger reads = new AtomicInteger();
        volatile String entry;

        CountingStore(String entry) {
            this.entry = entry;
        }

        @Override
        protected String read(String key) {
            reads.incrementAndGet();
            return entry;
        }

        @Override
        protected void write(String key, String value) {
            entry = value;
        }
    }

    final AtomicLong nanos = new AtomicLong(1_000);
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Test
    void theStoreIsReadAtMostOnceASecondAndConfigCatGetsTheSameStringWhileNothingChanged() throws Exception {
        CountingStore store = new CountingStore(millis.get() + "\n\"etag-1\"\n" + CONFIG);
        SharedConfigCache cache = new SharedConfigCache(store, nanos::get, millis::get);

        String first = cache.read(KEY);
        for (int i = 0; i < 1_000; i++) {
            nanos.addAndGet(TimeUnit.MICROSECONDS.toNanos(100));
            assertThat(cache.read(KEY)).isSameAs(first);
        }
        assertThat(store.reads).hasValue(1);
        assertThat(first).isEqualTo(millis.get() + "\n\"etag-1\"#" + millis.get() + "\n" + CONFIG);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(cache.read(KEY)).isSameAs(first);
        assertThat(store.reads).hasValue(2);

        store.entry = (millis.get() + 5) + "\n\"etag-2\"\n" + CONFIG;
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(cache.read(KEY)).isEqualTo((millis.get() + 5) + "\n\"etag-2\"#" + (millis.get() + 5) + "\n" + CONFIG);
        assertThat(store.reads).hasValue(3);
    }

    @Test
    void afterConfigCatWroteItGetsBackTheStringItWrote() throws Exception {
        CountingStore store = new CountingStore(null);
        SharedConfigCache cache = new SharedConfigCache(store, nanos::get, millis::get);
        String written = millis.get() + "\n\"etag-1\"\n" + CONFIG;

        cache.write(KEY, written);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));

        assertThat(cache.read(KEY)).isSameAs(written);
        assertThat(store.entry).isEqualTo(written);
    }

    @Test
    void aFetchTimeInTheFutureIsReadAsTheTimeItWasFirstSeen() throws Exception {
        long year2100 = 4_102_444_800_000L;
        CountingStore store = new CountingStore(year2100 + "\n\"etag-1\"\n" + CONFIG);
        SharedConfigCache cache = new SharedConfigCache(store, nanos::get, millis::get);
        long firstSeen = millis.get();

        assertThat(cache.read(KEY)).isEqualTo(firstSeen + "\n\"etag-1\"#" + firstSeen + "\n" + CONFIG);
        millis.addAndGet(60_000);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(cache.read(KEY)).startsWith(firstSeen + "\n");
    }

    @Test
    void aFailingStoreIsAskedAgainAfterASecondNotAtEveryEvaluation() {
        AtomicInteger reads = new AtomicInteger();
        SharedConfigCache cache = new SharedConfigCache(new ConfigCache() {
            @Override
            protected String read(String key) {
                reads.incrementAndGet();
                throw new IllegalStateException("the cluster is down");
            }

            @Override
            protected void write(String key, String value) {
            }
        }, nanos::get, millis::get);
        int failures = 0;
        for (int i = 0; i < 1_000; i++) {
            try {
                cache.read(KEY);
            } catch (Exception e) {
                failures++;
            }
        }
        assertThat(reads).hasValue(1);
        assertThat(failures).isEqualTo(1);
    }
}
