package io.flagbridge.internal.sdk;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.function.Consumer;

import com.configcat.ConfigCatClient;

/**
 * ConfigCat's watcher of a local flag file ({@code configcat.overrides.auto-reload}). Why the SDK's private parts, in
 * ConfigCat 9.4.x: it never closes the watcher's {@code WatchService} (whose JDK poller thread then outlives the
 * application and keeps its class loader); it fires no hook when it has re-read the file, so FlagBridge wraps the
 * watcher's action to report the edit; an exception in that re-read ends the watcher's thread; and it watches only for
 * modifications, so a file replaced by a rename (an editor's safe write, {@code sed -i}) goes unseen.
 */
public final class FileWatcher {

    private static final Class<?> FILE_SOURCE = Handles.type("com.configcat.LocalFileDataSource");
    private static final Class<?> WATCHER_TYPE = Handles.type("com.configcat.LocalFileDataSource$FileWatcher");
    private static final MethodHandle WATCHER = Handles.find(() -> Handles.in(FILE_SOURCE).findGetter(FILE_SOURCE,
            "watcher", WATCHER_TYPE));
    private static final MethodHandle WATCH_THREAD = Handles.find(() -> Handles.in(WATCHER_TYPE).findGetter(
            WATCHER_TYPE, "watchThread", Thread.class));
    private static final MethodHandle WATCH_SERVICE = Handles.find(() -> Handles.in(WATCHER_TYPE).findGetter(
            WATCHER_TYPE, "watchService", WatchService.class));
    /** The flag file the watcher looks for; its directory is what it watches. */
    private static final MethodHandle WATCHED_FILE = Handles.find(() -> Handles.in(WATCHER_TYPE).findGetter(
            WATCHER_TYPE, "filePath", Path.class));
    /** What the watcher runs after each modification: the source's re-read. */
    private static final VarHandle ON_MODIFIED = Handles.find(() -> Handles.in(WATCHER_TYPE).findVarHandle(
            WATCHER_TYPE, "onModifiedAction", Runnable.class));

    private FileWatcher() {
    }

    static Reach reach() {
        return new Reach("LocalFileDataSource.watcher, FileWatcher.watchThread, FileWatcher.watchService, "
                + "FileWatcher.filePath, FileWatcher.onModifiedAction",
                "with configcat.overrides.auto-reload an edit "
                        + "of the flag file is not reported, a rename over it is not seen, and the watcher's thread "
                        + "may outlive the application",
                FlagSources.sourceReadable() && Handles.all(WATCHER, WATCH_THREAD,
                        WATCH_SERVICE, WATCHED_FILE, ON_MODIFIED));
    }

    /**
     * Closes the {@code WatchService} of the client's flag file watcher once its thread has ended (closing it under a
     * running {@code take()} would make it throw).
     */
    public static void close(ConfigCatClient client, Duration wait) throws InterruptedException {
        Object watcher = watcher(FlagSources.dataSource(client));
        if (watcher == null || !Handles.all(WATCH_THREAD, WATCH_SERVICE)) {
            return;
        }
        try {
            Thread thread = (Thread) WATCH_THREAD.invoke(watcher);
            if (thread != null) {
                thread.join(Math.max(1, wait.toMillis()));
            }
            WatchService service = (WatchService) WATCH_SERVICE.invoke(watcher);
            if (service != null) {
                service.close();
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e.toString(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /**
     * Runs {@code after} on ConfigCat's watcher thread each time it has re-read the flag file, hands a failed re-read
     * (which would end that thread) to {@code failed} instead, so that the watcher keeps watching, and has the watcher
     * see a file replaced by a rename too.
     *
     * @return false when the source has no watcher ({@code auto-reload} off) or this SDK version hides it
     */
    public static boolean afterReload(FlagSources.FlagSource flags, Runnable after,
            Consumer<RuntimeException> failed) {
        Object watcher = watcher(flags.source());
        if (watcher == null || ON_MODIFIED == null) {
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
    }

    /** The source's watcher, or null (not a file source, no auto-reload, or hidden by this SDK version). */
    private static Object watcher(Object source) {
        if (source == null || WATCHER == null || !FILE_SOURCE.isInstance(source)) {
            return null;
        }
        try {
            return WATCHER.invoke(source);
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * The watcher asks only for {@code ENTRY_MODIFY} of the file's directory, so a file replaced by a rename goes
     * unseen: the directory sees it created. This registers the same directory with the same {@code WatchService} for
     * both kinds (the same key, with its kinds changed); the watcher's loop already runs its action for any event that
     * names the file.
     */
    private static void watchReplacements(Object watcher) {
        if (!Handles.all(WATCHED_FILE, WATCH_SERVICE)) {
            return;
        }
        try {
            Path file = (Path) WATCHED_FILE.invoke(watcher);
            WatchService service = (WatchService) WATCH_SERVICE.invoke(watcher);
            if (file != null && file.getParent() != null && service != null) {
                file.getParent().register(service, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_CREATE);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
