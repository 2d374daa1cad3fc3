package io.flagbridge.test.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.flagbridge.internal.spi.OverrideLayer;
import io.flagbridge.test.TestFlags;

/** One application's overrides: the layer FlagBridge reads, and the {@link TestFlags} bean that writes it. */
final class KitFlags implements TestFlags, OverrideLayer {

    private final Function<String, Optional<Class<?>>> types;
    private final Runnable changed;
    private volatile Map<String, Object> values = Map.of();

    /**
     * @param types the flag's type as FlagBridge knows it
     * @param changed told after each change (the request's fixed values are forgotten then)
     */
    KitFlags(Function<String, Optional<Class<?>>> types, Runnable changed) {
        this.types = types;
        this.changed = changed;
    }

    @Override
    public Map<String, Object> values() {
        return values;
    }

    @Override
    public void set(String key, Object value) {
        set("TestFlags.set", key, value);
    }

    void set(String where, String key, Object value) {
        Object read = FlagValues.read(where, key, value, key == null ? Optional.empty() : types.apply(key));
        update(key, read);
    }

    /** Sets several at once (one snapshot), each read as its flag's type. */
    void setAll(String where, Map<String, String> overrides) {
        Map<String, Object> read = new HashMap<>();
        overrides.forEach((key, value) -> read.put(key, FlagValues.read(where, key, value, types.apply(key))));
        synchronized (this) {
            Map<String, Object> next = new HashMap<>(values);
            next.putAll(read);
            values = Map.copyOf(next);
        }
        changed.run();
    }

    private void update(String key, Object value) {
        synchronized (this) {
            Map<String, Object> next = new HashMap<>(values);
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
            values = Map.copyOf(next);
        }
        changed.run();
    }

    @Override
    public void clear(String key) {
        if (key != null && values.containsKey(key)) {
            update(key, null);
        }
    }

    @Override
    public void clearAll() {
        synchronized (this) {
            values = Map.of();
        }
        changed.run();
    }

    @Override
    public String toString() {
        return "TestFlags" + values;
    }
}
