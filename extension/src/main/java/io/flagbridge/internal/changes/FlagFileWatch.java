package io.flagbridge.internal.changes;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.configcat.OverrideBehaviour;
import com.configcat.Setting;

/**
 * Reports what an edit of the local flag file ({@code configcat.overrides.auto-reload}) changed. ConfigCat 9.4's file
 * watcher re-reads the file on its own thread but fires no {@code configChanged} hook; FlagBridge has it call
 * {@link #reloaded()} after each re-read (no thread of its own, nothing on the evaluation path), and compares a copy
 * of the flags before with the flags now. Closed with the runtime, before the client.
 */
public final class FlagFileWatch {

    private final Supplier<Map<String, Setting>> source;
    private final OverrideBehaviour behaviour;
    private final ChangeEvents changes;
    private Map<String, Setting> last; // guarded by this
    private volatile boolean closed;

    /**
     * @param source the flag file's settings now, null when they cannot be read
     * @param behaviour the application's override behaviour (what a local flag means beside the remote ones)
     */
    public FlagFileWatch(Supplier<Map<String, Setting>> source, OverrideBehaviour behaviour, ChangeEvents changes) {
        this.source = source;
        this.behaviour = behaviour;
        this.changes = changes;
        this.last = copy(source.get());
    }

    /** ConfigCat re-read the file (on its watcher thread, after the re-read); never throws. */
    public synchronized void reloaded() {
        if (closed) {
            return;
        }
        // A copy: a simple {"flags":{...}} file's map is the same one, put into on every re-read.
        Map<String, Setting> now = copy(source.get());
        if (now == null) {
            return;
        }
        Map<String, Setting> before = last;
        last = now;
        if (before != null) {
            changes.localChanged(before, now, behaviour);
        }
    }

    /** No reports from now on (the watcher itself stops with the client). */
    public void close() {
        closed = true;
    }

    private static Map<String, Setting> copy(Map<String, Setting> settings) {
        return settings == null ? null : new HashMap<>(settings);
    }
}
