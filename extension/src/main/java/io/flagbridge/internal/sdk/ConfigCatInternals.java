package io.flagbridge.internal.sdk;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.logging.Logger;

import com.configcat.ConfigCache;
import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;
import com.configcat.RefreshResult;
import com.configcat.Setting;
import com.configcat.User;

import io.flagbridge.internal.Messages;

/**
 * Every place where FlagBridge reads a private part of the ConfigCat SDK (9.4.x), and why. Each access is looked up
 * once; when this SDK version lacks it, {@link #missing()} says what and FlagBridge does without it (logged once,
 * {@code FLAGBRIDGE-0025}). {@code ConfigCatInternalsTest} fails when the SDK changes shape.
 */
public final class ConfigCatInternals {

    private static final Logger LOG = Logger.getLogger(ConfigCatInternals.class.getName());
    private static final MethodHandles.Lookup CLIENT = lookupIn(ConfigCatClient.class);
    private static final MethodHandles.Lookup USER = lookupIn(User.class);

    /**
     * {@code new ConfigCatClient(String, Options)}: {@code ConfigCatClient.get} gives a second caller with the same
     * key the first caller's client, options and hooks; FlagBridge builds its own client instead.
     */
    private static final MethodHandle CONSTRUCTOR = find(() -> CLIENT.findConstructor(ConfigCatClient.class,
            MethodType.methodType(void.class, String.class, ConfigCatClient.Options.class)));
    /** {@code close()} releases the resources only of the client registered under its key. */
    private static final MethodHandle CLOSE_RESOURCES = find(() -> CLIENT.findVirtual(ConfigCatClient.class,
            "closeResources", MethodType.methodType(void.class)));
    /** The flag file's data source, whose watcher's {@code WatchService} the SDK never closes. */
    private static final MethodHandle OVERRIDE_DATA_SOURCE = find(() -> CLIENT.findGetter(ConfigCatClient.class,
            "overrideDataSource", Class.forName("com.configcat.OverrideDataSource")));
    private static final Class<?> LOCAL_FILE_SOURCE = type("com.configcat.LocalFileDataSource");
    private static final Class<?> FILE_WATCHER = type("com.configcat.LocalFileDataSource$FileWatcher");
    private static final MethodHandle WATCHER = find(() -> lookupIn(LOCAL_FILE_SOURCE).findGetter(LOCAL_FILE_SOURCE,
            "watcher", FILE_WATCHER));
    private static final MethodHandle WATCH_THREAD = find(() -> lookupIn(FILE_WATCHER).findGetter(FILE_WATCHER,
            "watchThread", Thread.class));
    private static final MethodHandle WATCH_SERVICE = find(() -> lookupIn(FILE_WATCHER).findGetter(FILE_WATCHER,
            "watchService", WatchService.class));
    /** The flag file the watcher looks for; its directory is what it watches. */
    private static final MethodHandle WATCHED_FILE = find(() -> lookupIn(FILE_WATCHER).findGetter(FILE_WATCHER,
            "filePath", Path.class));
    /**
     * What the flag file's watcher runs after each modification (the source's re-read): ConfigCat fires no
     * {@code configChanged} hook for it, and an exception there ends the watcher's thread.
     */
    private static final VarHandle ON_MODIFIED = find(() -> lookupIn(FILE_WATCHER).findVarHandle(FILE_WATCHER,
            "onModifiedAction", Runnable.class));
    /**
     * A user's attributes: {@code User} offers them only as JSON text, too slow to parse for every exposure.
     */
    private static final MethodHandle USER_ATTRIBUTES = find(() -> USER.findGetter(User.class, "attributes",
            Map.class));

    /** {@code ConfigCache.read}/{@code write} are protected: FlagBridge's wrapper calls the application's. */
    private static final MethodHandles.Lookup CACHE = lookupIn(ConfigCache.class);
    private static final MethodHandle CACHE_READ = find(() -> CACHE.findVirtual(ConfigCache.class, "read",
            MethodType.methodType(String.class, String.class)));
    private static final MethodHandle CACHE_WRITE = find(() -> CACHE.findVirtual(ConfigCache.class, "write",
            MethodType.methodType(void.class, String.class, String.class)));

    /*
     * A test kit's overrides (flagbridge-test only): the client's flag source and behaviour are final and its data
     * sources package-private, so the client gets a map source whose map is FlagBridge's live one, and its own source
     * back before it closes (which closes that one's file watcher).
     */
    private static final Class<?> DATA_SOURCE = type("com.configcat.OverrideDataSource");
    private static final Class<?> LOCAL_MAP_SOURCE = type("com.configcat.LocalMapDataSource");
    private static final MethodHandle LOCAL_MAP = find(() -> lookupIn(LOCAL_MAP_SOURCE).findConstructor(
            LOCAL_MAP_SOURCE, MethodType.methodType(void.class, Map.class)));
    private static final MethodHandle LOCAL_CONFIGURATION = find(() -> lookupIn(DATA_SOURCE).findVirtual(
            DATA_SOURCE, "getLocalConfiguration", MethodType.methodType(Map.class)));
    private static final Field SOURCE = field(ConfigCatClient.class, "overrideDataSource");
    private static final Field BEHAVIOUR = field(ConfigCatClient.class, "overrideBehaviour");
    private static final Field LOADED_SETTINGS = field(LOCAL_MAP_SOURCE, "loadedSettings");

    private static volatile boolean reported;

    private ConfigCatInternals() {
    }

    /** The private parts this SDK version lacks, by name; empty when it has all of them. */
    public static Optional<String> missing() {
        StringBuilder missing = new StringBuilder();
        append(missing, CONSTRUCTOR, "ConfigCatClient(String, Options)");
        append(missing, CLOSE_RESOURCES, "ConfigCatClient.closeResources()");
        append(missing, OVERRIDE_DATA_SOURCE, "ConfigCatClient.overrideDataSource");
        append(missing, WATCHER, "LocalFileDataSource.watcher");
        append(missing, WATCH_THREAD, "FileWatcher.watchThread");
        append(missing, WATCH_SERVICE, "FileWatcher.watchService");
        append(missing, ON_MODIFIED == null ? null : WATCHER, "FileWatcher.onModifiedAction");
        append(missing, WATCHED_FILE, "FileWatcher.filePath");
        append(missing, USER_ATTRIBUTES, "User.attributes");
        append(missing, CACHE_READ, "ConfigCache.read(String)");
        append(missing, CACHE_WRITE, "ConfigCache.write(String, String)");
        append(missing, LOCAL_MAP, "LocalMapDataSource(Map)");
        append(missing, LOCAL_CONFIGURATION, "OverrideDataSource.getLocalConfiguration()");
        append(missing, SOURCE == null ? null : LOCAL_MAP, "ConfigCatClient.overrideDataSource (writable)");
        append(missing, BEHAVIOUR == null ? null : LOCAL_MAP, "ConfigCatClient.overrideBehaviour (writable)");
        append(missing, LOADED_SETTINGS == null ? null : LOCAL_MAP, "LocalMapDataSource.loadedSettings (writable)");
        return missing.length() == 0 ? Optional.empty() : Optional.of(missing.toString());
    }

    /** A client of its own, whatever {@code ConfigCatClient.get} holds for the key. */
    public static ConfigCatClient newClient(String sdkKey, ConfigCatClient.Options options) {
        if (CONSTRUCTOR == null) {
            throw new IllegalStateException("another ConfigCatClient for the same SDK key is already open in this "
                    + "class loader, and this ConfigCat SDK version does not let FlagBridge open its own; give each "
                    + "application its own copy of the SDK (WEB-INF/lib)");
        }
        try {
            return (ConfigCatClient) CONSTRUCTOR.invoke(sdkKey, options);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("ConfigCat could not start a second client for the same SDK key: " + e, e);
        }
    }

    /** Releases what {@code close()} releases only for the registered client. */
    public static void closeResources(ConfigCatClient client) throws Throwable {
        if (CLOSE_RESOURCES == null) {
            report();
            return;
        }
        CLOSE_RESOURCES.invoke(client);
    }

    /**
     * Closes the {@code WatchService} of the client's flag file watcher ({@code configcat.overrides.auto-reload}),
     * once its thread has ended (closing it under a running {@code take()} would make it throw); otherwise its JDK
     * poller thread outlives the application and keeps its class loader.
     */
    public static void closeFileWatcher(ConfigCatClient client, Duration wait) throws Throwable {
        if (OVERRIDE_DATA_SOURCE == null || WATCHER == null || WATCH_THREAD == null || WATCH_SERVICE == null) {
            report();
            return;
        }
        Object source = OVERRIDE_DATA_SOURCE.invoke(client);
        if (!LOCAL_FILE_SOURCE.isInstance(source)) {
            return;
        }
        Object watcher = WATCHER.invoke(source);
        if (watcher == null) {
            return;
        }
        Thread thread = (Thread) WATCH_THREAD.invoke(watcher);
        if (thread != null) {
            thread.join(Math.max(1, wait.toMillis()));
        }
        WatchService service = (WatchService) WATCH_SERVICE.invoke(watcher);
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                throw new IllegalStateException(e.toString(), e);
            }
        }
    }

    /**
     * {@code client.forceRefreshAsync()} without ConfigCat 9.4.3's race: when the CDN answers before the SDK has
     * registered its callback, the callback runs on the calling thread, clears the running task and
     * {@code forceRefreshAsync()} throws a {@code NullPointerException} ({@code ConfigService.fetchIfOlder} returns
     * null; about 1 in 1000 refreshes on a busy machine, {@code ConfigCatInternalsTest}). The fetch did complete
     * then; a second refresh gives its result (a 304 when nothing changed since).
     */
    public static CompletableFuture<RefreshResult> refresh(ConfigCatClient client) {
        for (int attempt = 1;; attempt++) {
            try {
                return client.forceRefreshAsync();
            } catch (NullPointerException e) {
                if (!isRefreshRace(e)) {
                    throw e;
                }
                if (attempt == 3) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "ConfigCat's refresh lost its running fetch three times in a row", e));
                }
            }
        }
    }

    private static boolean isRefreshRace(NullPointerException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().equals("com.configcat.ConfigService")
                && trace[0].getMethodName().equals("refresh");
    }

    /** {@code cache.read(key)}, the application's ConfigCache's protected method. */
    public static String readCache(ConfigCache cache, String key) throws Throwable {
        return (String) CACHE_READ.invoke(cache, key);
    }

    /** {@code cache.write(key, value)}, the application's ConfigCache's protected method. */
    public static void writeCache(ConfigCache cache, String key, String value) throws Throwable {
        CACHE_WRITE.invoke(cache, key, value);
    }

    /** The user's attribute map as ConfigCat keeps it, or empty when this SDK version hides it. */
    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> userAttributes(User user) {
        if (USER_ATTRIBUTES == null) {
            report();
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Map<String, Object>) USER_ATTRIBUTES.invoke(user));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /**
     * The client's own local flag source, put aside while a test kit's overrides are layered over it.
     *
     * @param source ConfigCat's data source (package-private type)
     * @param behaviour the client's own override behaviour; null when it has no local flags
     */
    public record FlagSource(Object source, OverrideBehaviour behaviour) {

        /** The source's flags now (a flag file's change included). */
        public Map<String, Setting> settings() {
            Map<String, Setting> settings = current();
            return settings == null ? Map.of() : settings;
        }

        /**
         * The source's flags now, or null when they cannot be read. ConfigCat's flag file source keeps a simple
         * file's flags in one map that a re-read puts into (a removed flag stays) and a full config's in a new map
         * per re-read: compare contents, not identity.
         */
        @SuppressWarnings("unchecked")
        public Map<String, Setting> current() {
            if (LOCAL_CONFIGURATION == null) {
                return null;
            }
            try {
                return (Map<String, Setting>) LOCAL_CONFIGURATION.invoke(source);
            } catch (Throwable e) {
                return null;
            }
        }
    }

    /**
     * Runs {@code after} on ConfigCat's watcher thread each time it has re-read the flag file, and hands a failed
     * re-read (which would end that thread) to {@code failed} instead, so that the watcher keeps watching.
     *
     * @return false when the source has no watcher ({@code auto-reload} off) or this SDK version hides it
     */
    public static boolean afterFileReload(FlagSource flags, Runnable after, Consumer<RuntimeException> failed) {
        if (WATCHER == null || ON_MODIFIED == null || !LOCAL_FILE_SOURCE.isInstance(flags.source())) {
            report();
            return false;
        }
        try {
            Object watcher = WATCHER.invoke(flags.source());
            if (watcher == null) {
                return false;
            }
            Runnable reload = (Runnable) ON_MODIFIED.getVolatile(watcher);
            if (reload == null) {
                return false;
            }
            ON_MODIFIED.setVolatile(watcher, (Runnable) () -> {
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                    return;
                }
                after.run();
            });
            watchReplacements(watcher);
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /**
     * ConfigCat's watcher asks only for {@code ENTRY_MODIFY} of the file's directory, so a file replaced by a rename
     * (an editor's safe write, {@code sed -i}, a deployment tool) goes unseen: the directory sees it created. This
     * registers the same directory with the same {@code WatchService} for both kinds (the same key, with its kinds
     * changed); the watcher's loop already runs its action for any event that names the file.
     */
    private static void watchReplacements(Object watcher) throws Throwable {
        if (WATCHED_FILE == null || WATCH_SERVICE == null) {
            return;
        }
        Path file = (Path) WATCHED_FILE.invoke(watcher);
        WatchService service = (WatchService) WATCH_SERVICE.invoke(watcher);
        if (file != null && file.getParent() != null && service != null) {
            file.getParent().register(service, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_CREATE);
        }
    }

    /**
     * The client's own local flags ({@code configcat.overrides.*}) and its override behaviour; empty when it has
     * none, or when this SDK version hides them.
     */
    public static Optional<FlagSource> flagSource(ConfigCatClient client) {
        if (SOURCE == null || BEHAVIOUR == null || LOCAL_CONFIGURATION == null) {
            report();
            return Optional.empty();
        }
        try {
            Object source = SOURCE.get(client);
            OverrideBehaviour behaviour = (OverrideBehaviour) BEHAVIOUR.get(client);
            return source == null || behaviour == null ? Optional.empty()
                    : Optional.of(new FlagSource(source, behaviour));
        } catch (IllegalAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes the client read its flags from {@code live} with the given behaviour.
     *
     * @return the client's own source, for {@link #restoreFlagSource}
     * @throws IllegalStateException when this SDK version does not allow it
     */
    public static FlagSource layerFlagSource(ConfigCatClient client, Map<String, Setting> live,
            OverrideBehaviour behaviour) {
        if (LOCAL_MAP == null || LOCAL_CONFIGURATION == null || SOURCE == null || BEHAVIOUR == null
                || LOADED_SETTINGS == null) {
            throw new IllegalStateException("this ConfigCat SDK version does not let the test kit put its overrides "
                    + "in front of the client's flags (ConfigCatClient.overrideDataSource, "
                    + "LocalMapDataSource.loadedSettings)");
        }
        try {
            FlagSource own = new FlagSource(SOURCE.get(client), (OverrideBehaviour) BEHAVIOUR.get(client));
            Object layered = LOCAL_MAP.invoke(Map.of());
            LOADED_SETTINGS.set(layered, live);
            SOURCE.set(client, layered);
            BEHAVIOUR.set(client, behaviour);
            return own;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the test kit's overrides could not be layered: " + e, e);
        }
    }

    /** Gives the client its own flag source back. */
    public static void restoreFlagSource(ConfigCatClient client, FlagSource own) {
        try {
            SOURCE.set(client, own.source());
            BEHAVIOUR.set(client, own.behaviour());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void report() {
        if (!reported) {
            reported = true;
            missing().ifPresent(what -> LOG.warning(Messages.configCatShapeChanged(what + "; FlagBridge works "
                    + "without them: a second client for one key in one class loader fails, ConfigCat's flag file "
                    + "watcher thread may outlive the application, and user attributes are read from the user's "
                    + "JSON")));
        }
    }

    private static void append(StringBuilder missing, MethodHandle handle, String name) {
        if (handle == null) {
            missing.append(missing.length() == 0 ? "" : ", ").append(name);
        }
    }

    private interface Lookup<T> {
        T find() throws ReflectiveOperationException;
    }

    /** A method or var handle, or null when this SDK version lacks it. */
    private static <T> T find(Lookup<T> lookup) {
        try {
            return lookup.find();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, ConfigCatClient.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Object.class; // its members are then not found, and reported
        }
    }

    private static MethodHandles.Lookup lookupIn(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (IllegalAccessException | RuntimeException e) {
            return MethodHandles.publicLookup();
        }
    }
}
