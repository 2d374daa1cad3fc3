package io.flagbridge.internal.client;

import com.configcat.ConfigCache;

import io.flagbridge.internal.sdk.ConfigCatInternals;

/**
 * The application's {@code ConfigCache} bean, as its replicas share it. ConfigCat 9 takes an entry another replica
 * wrote only when its ETag differs from its own: after a 304 the ETag is the same and only the fetch time is newer, so
 * every replica would still fetch once per poll interval. Such an entry is read here with a marked ETag (the fetch
 * time appended), so that the replica takes it and fetches no sooner than the entry expires; the mark is removed
 * before an entry is written, so the shared cache always holds ConfigCat's own ETag. An ETag with the mark makes the
 * CDN answer 200 instead of 304 when this replica does fetch.
 */
final class SharedConfigCache extends ConfigCache {

    /** Between the ETag and the fetch time it is marked with; never in a ConfigCat ETag (a quoted string). */
    private static final char MARK = '#';

    private final ConfigCache shared;

    SharedConfigCache(ConfigCache shared) {
        this.shared = shared;
    }

    @Override
    protected String read(String key) throws Exception {
        String entry = call(() -> ConfigCatInternals.readCache(shared, key));
        if (entry == null) {
            return null;
        }
        // ConfigCat's entry: "<fetch time>\n<ETag>\n<config JSON>".
        int first = entry.indexOf('\n');
        int second = first < 0 ? -1 : entry.indexOf('\n', first + 1);
        if (second < 0) {
            return entry;
        }
        String fetchTime = entry.substring(0, first);
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
            ConfigCatInternals.writeCache(shared, key, canonical);
            return null;
        });
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
