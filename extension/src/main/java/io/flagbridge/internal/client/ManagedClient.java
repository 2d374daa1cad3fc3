package io.flagbridge.internal.client;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.PollingMode;
import com.configcat.PollingModes;

import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.config.Secrets;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The application's one {@link ConfigCatClient}, with everything it owns: its HTTP threads, the hooks, a temporary
 * copy of a flag resource. {@link #close()} releases all of it, so that a redeploy leaves no thread behind.
 */
public final class ManagedClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManagedClient.class.getName());
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ConfigCatClient client;
    private final boolean registered;
    private final ExecutorService httpExecutor;
    private final Optional<Path> temporaryFlagFile;
    private final ClientHooks hooks;

    private ManagedClient(ConfigCatClient client, boolean registered, ExecutorService httpExecutor,
            Optional<Path> temporaryFlagFile, ClientHooks hooks) {
        this.client = client;
        this.registered = registered;
        this.httpExecutor = httpExecutor;
        this.temporaryFlagFile = temporaryFlagFile;
        this.hooks = hooks;
    }

    /**
     * Creates and starts the client (auto polling fetches at once).
     *
     * @param hooks registered inside the options callback, so they see the very first fetch and evaluation
     * @throws ClientOpenException when the client cannot be created; its message names no secret
     */
    public static ManagedClient open(ClientSettings settings, ClientHooks hooks) {
        ExecutorService httpExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new NamedThreadFactory("flagbridge-configcat-http"));
        Optional<Path> temporaryFlagFile = Optional.empty();
        try {
            temporaryFlagFile = copyOfResource(settings);
            ConfigCatClient.Options[] used = new ConfigCatClient.Options[1];
            Optional<Path> flagFile = temporaryFlagFile.or(() -> settings.overrides().flatMap(Overrides::file));
            ConfigCatClient client = ConfigCatClient.get(settings.sdkKey(), options -> {
                used[0] = options;
                configure(options, settings, hooks, httpExecutor, flagFile);
            });
            boolean registered = client.getHooks() == used[0].hooks();
            if (!registered) {
                // ConfigCatClient.get keeps one client per SDK key and class loader and ignores the options of a
                // second caller: here another container (or application code) already holds a client for this
                // key. Sharing it would mean its options and hooks, so this application gets its own.
                client = construct(settings.sdkKey(), used[0]);
            }
            return new ManagedClient(client, registered, httpExecutor, temporaryFlagFile, hooks);
        } catch (RuntimeException | IOException e) {
            httpExecutor.shutdownNow();
            temporaryFlagFile.ifPresent(ManagedClient::delete);
            throw new ClientOpenException("FLAGBRIDGE-0020: the ConfigCat client for SDK key "
                    + Secrets.mask(settings.sdkKey()) + " could not be created: "
                    + Secrets.redact(String.valueOf(e.getMessage()), settings.sdkKey()));
        }
    }

    private static void configure(ConfigCatClient.Options options, ClientSettings settings, ClientHooks hooks,
            ExecutorService httpExecutor, Optional<Path> flagFile) {
        options.logLevel(settings.logLevel());
        options.logFilter(new ClientLog(settings.sdkKey()));
        options.pollingMode(pollingMode(settings));
        options.dataGovernance(settings.dataGovernance());
        settings.baseUrl().ifPresent(options::baseUrl);
        options.offline(settings.offline());
        options.httpClient(new OkHttpClient.Builder().dispatcher(new Dispatcher(httpExecutor)).build());
        settings.overrides().ifPresent(overrides -> options.flagOverrides(
                OverrideDataSourceBuilder.localFile(flagFile.orElseThrow().toString(), overrides.autoReload()),
                overrides.behaviour()));
        hooks.registerOn(options.hooks());
    }

    private static PollingMode pollingMode(ClientSettings settings) {
        return switch (settings.polling()) {
            case AUTO -> PollingModes.autoPoll(settings.pollIntervalSeconds(), settings.maxInitWaitSeconds());
            case LAZY -> PollingModes.lazyLoad(settings.cacheRefreshIntervalSeconds());
            case MANUAL -> PollingModes.manualPoll();
        };
    }

    private static Optional<Path> copyOfResource(ClientSettings settings) throws IOException {
        Optional<Overrides.Resource> resource = settings.overrides().flatMap(Overrides::resource);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        // The SDK reads resources with its own class loader; it gets the application's resource as a file instead.
        Path copy = Files.createTempFile("flagbridge-flags-", ".json");
        Files.writeString(copy, resource.get().content(), StandardCharsets.UTF_8);
        return Optional.of(copy);
    }

    private static ConfigCatClient construct(String sdkKey, ConfigCatClient.Options options) {
        try {
            Constructor<ConfigCatClient> constructor = ConfigCatClient.class.getDeclaredConstructor(String.class,
                    ConfigCatClient.Options.class);
            constructor.setAccessible(true);
            return constructor.newInstance(sdkKey, options);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("ConfigCat could not start a second client for the same SDK key: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("another ConfigCatClient for the same SDK key is already open in this "
                    + "class loader, and this ConfigCat SDK version does not let FlagBridge open its own (" + e
                    + "); give each application its own copy of the SDK (WEB-INF/lib)", e);
        }
    }

    public ConfigCatClient client() {
        return client;
    }

    public ClientHooks hooks() {
        return hooks;
    }

    /** Whether the client is the one ConfigCatClient.get registered for its key (false when FlagBridge made its own). */
    public boolean registered() {
        return registered;
    }

    @Override
    public void close() {
        try {
            client.close();
            if (!registered) {
                // close() releases resources only for the client registered under the key, which is not this one.
                closeResources(client);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "FLAGBRIDGE-0021: closing the ConfigCat client failed: {0}",
                    e.getClass().getName());
        }
        closeFileWatcher(client);
        httpExecutor.shutdownNow();
        try {
            if (!httpExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("FLAGBRIDGE-0022: ConfigCat's HTTP threads did not stop within " + CLOSE_WAIT_SECONDS
                        + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        temporaryFlagFile.ifPresent(ManagedClient::delete);
    }

    private static void closeResources(ConfigCatClient client) {
        try {
            Method closeResources = ConfigCatClient.class.getDeclaredMethod("closeResources");
            closeResources.setAccessible(true);
            closeResources.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "FLAGBRIDGE-0021: closing the ConfigCat client failed: {0}", e.toString());
        }
    }

    /**
     * ConfigCat's {@code LocalFileDataSource} (with {@code configcat.overrides.auto-reload}) stops its watch thread
     * when the client closes but never closes its {@code WatchService}, whose JDK poller thread
     * ({@code FileSystemWatchService}) then outlives the application and keeps its class loader. Closed here, once the
     * watch thread has ended (closing the service under a running {@code take()} would make it throw).
     */
    private static void closeFileWatcher(ConfigCatClient client) {
        try {
            Object source = field(client, "overrideDataSource");
            Object watcher = source == null ? null : field(source, "watcher");
            if (watcher == null) {
                return;
            }
            if (field(watcher, "watchThread") instanceof Thread thread) {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            }
            if (field(watcher, "watchService") instanceof WatchService service) {
                service.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "FLAGBRIDGE-0024: ConfigCat's flag file watcher could not be closed; its thread may "
                    + "outlive the application: {0}", e.toString());
        }
    }

    /** A private field of a ConfigCat object, or null when there is no such field (another ConfigCat version). */
    private static Object field(Object owner, String name) throws IllegalAccessException {
        for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(owner);
            } catch (NoSuchFieldException e) {
                // the superclass may have it
            }
        }
        return null;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not delete " + file, e);
        }
    }
}
