package io.flagbridge.internal.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

import com.configcat.ConfigCache;

/**
 * The application's {@code ConfigCache}. Why the SDK's private parts: {@code read} and {@code write} are
 * {@code protected} in ConfigCat 9.4.x, and FlagBridge's own cache, which stands between ConfigCat and the
 * application's (to bound the store's reads and mark entries), calls them.
 */
public final class CacheCalls {

    private static final MethodHandle READ = Handles.find(() -> Handles.in(ConfigCache.class).findVirtual(
            ConfigCache.class, "read", MethodType.methodType(String.class, String.class)));
    private static final MethodHandle WRITE = Handles.find(() -> Handles.in(ConfigCache.class).findVirtual(
            ConfigCache.class, "write", MethodType.methodType(void.class, String.class, String.class)));

    private CacheCalls() {
    }

    static Reach reach() {
        return new Reach("ConfigCache.read(String), ConfigCache.write(String, String)", "the application's "
                + "ConfigCache is given to ConfigCat as it is: its store is read at every evaluation", available());
    }

    /** Whether FlagBridge can stand between ConfigCat and the application's cache. */
    public static boolean available() {
        return Handles.all(READ, WRITE);
    }

    /** {@code cache.read(key)}; only when {@link #available()}. */
    public static String read(ConfigCache cache, String key) throws Throwable {
        return (String) READ.invoke(cache, key);
    }

    /** {@code cache.write(key, value)}; only when {@link #available()}. */
    public static void write(ConfigCache cache, String key, String value) throws Throwable {
        WRITE.invoke(cache, key, value);
    }
}
