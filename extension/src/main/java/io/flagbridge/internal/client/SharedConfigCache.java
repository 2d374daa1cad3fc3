package io.flagbridge.internal.client;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.configcat.ConfigCache;

import io.flagbridge.internal.sdk.CacheCalls;

/**
 * The application's {@code ConfigCache} bean, as its replicas share it. ConfigCat 9 takes an entry another replica
 * wrote only when its ETag differs from its own: after a 304 the ETag is the same and only the fetch time is newer, so
 * every replica would still fetch once per poll interval. Such an entry is read here with a marked ETag (the fetch
 * time appended), so that the replica takes it and fetches no sooner than the entry expires; the mark is removed
 * before an entry is written, so the shared cache always holds ConfigCat's own ETag. An ETag with the mark makes the
 * CDN answer 200 instead of 304 when this replica does fetch.
 * <p>
 * ConfigCat reads its cache on every evaluation. The application's store (a network round trip with Hazelcast or
 * Redis) is read at most once per {@link #REREAD_NANOS}, and while the entry is unchanged ConfigCat gets the same
 * {@code String} again: the one it wrote itself, or the marked one it took, so that it neither copies nor parses the
 * config per evaluation. A failing store is asked again after the same interval, not at every evaluation. A fetch
 * time in the future (a bad clock, or anyone who can write the store) would keep every replica from polling: it is
 * read as the time it was first seen.
 */
final class SharedConfigCache extends ConfigCache {

    /** Between the ETag and the fetch time it is marked with; never in a ConfigCat ETag (a quoted string). */
    private static final char MARK = '#';
    /** How often the application's store is read at most; a poll interval is at least a second. */
    static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How far ahead of this machine's clock another replica's may be. */
    static final long MAX_SKEW_MILLIS = 10_000;

    private final ConfigCache shared;
    private final LongSupplier nanoTime;
    private final LongSupplier currentTimeMillis;
    private volatile Copy copy;

    /**
     * The entry last read from (or written to) the store, and what ConfigCat was given for it.
     *
     * @param stored the store's entry, null when it had none (or could not be read)
     * @param served what {@link #read} returns for it
     */
    private record Copy(String key, String stored, String served, long readAtNanos) {
    }

    SharedConfigCache(ConfigCache shared) {
        this(shared, System::nanoTime, System::currentTimeMillis);
    }

    SharedConfigCache(ConfigCache shared, LongSupplier nanoTime, LongSupplier currentTimeMillis) {
        this.shared = shared;
        this.nanoTime = nanoTime;
        this.currentTimeMillis = currentTimeMillis;
    }

    @Override
    protected String read(String key) throws Exception {
        Copy last = copy;
        long now = nanoTime.getAsLong();
        boolean sameKey = last != null && last.key().equals(key);
        if (sameKey && now - last.readAtNanos() < REREAD_NANOS) {
            return last.served();
        }
        String stored;
        try {
            stored = call(() -> CacheCalls.read(shared, key));
        } catch (Exception | Error e) {
            // ConfigCat logs the failure ([2200]) and serves what it has; the store is asked again in a second.
            copy = sameKey ? new Copy(key, last.stored(), last.served(), now) : new Copy(key, null, null, now);
            throw e;
        }
        String served = sameKey && Objects.equals(stored, last.stored()) ? last.served() : served(stored);
        copy = new Copy(key, stored, served, now);
        return served;
    }

    /** ConfigCat's entry {@code "<fetch time>\n<ETag>\n<config JSON>"}, its ETag marked, a future fetch time now. */
    private String served(String entry) {
        if (entry == null) {
            return null;
        }
        int first = entry.indexOf('\n');
        int second = first < 0 ? -1 : entry.indexOf('\n', first + 1);
        if (second < 0) {
            return entry;
        }
        String fetchTime = entry.substring(0, first);
        long now = currentTimeMillis.getAsLong();
        try {
            if (Long.parseLong(fetchTime) > now + MAX_SKEW_MILLIS) {
                fetchTime = Long.toString(now);
            }
        } catch (NumberFormatException e) {
            return entry; // not ConfigCat's entry: ConfigCat refuses it itself
        }
        String etag = entry.substring(first + 1, second);
        return fetchTime + "\n" + etag + MARK + fetchTime + entry.substring(second);
    }

    @Override
    protected void write(String key, String value) throws Exception {
        int first = value.indexOf('\n');
        int second = first < 0 ? -1 : value.indexOf('\n', first + 1);
        int mark = second < 0 ? -1 : value.lastIndexOf(MARK, second);
        String canonical = mark > first ? value.substring(0, mark) + value.substring(second) : value;
        call(() -> {
            CacheCalls.write(shared, key, canonical);
            return null;
        });
        // Until another replica writes, ConfigCat gets back its own entry: the very string it holds.
        copy = new Copy(key, canonical, value, nanoTime.getAsLong());
    }

    private interface Call<T> {
        T call() throws Throwable;
    }

    private static <T> T call(Call<T> call) throws Exception {
        try {
            return call.call();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
