package io.flagbridge.internal.client;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;
import com.configcat.Setting;
import com.configcat.SettingType;
import com.google.gson.Gson;
import com.google.gson.JsonObject;

import io.flagbridge.internal.sdk.FlagSources;
import io.flagbridge.internal.spi.OverrideLayer;
import io.flagbridge.internal.util.Hash64;

/**
 * The client's local flags with a test kit's overrides on top, as a live map that ConfigCat reads on every
 * evaluation ({@code LOCAL_ONLY} or {@code LOCAL_OVER_REMOTE}). The merged map is rebuilt only when the overrides,
 * the local flags or (for {@code remote-over-local}) the remote keys change.
 */
public final class LayeredSettings extends AbstractMap<String, Setting> implements ClientLayer {

    /** Every override's variation ID starts with it. */
    public static final String OVERRIDE_VARIATION_PREFIX = "flagbridge-override-";

    private static final Gson GSON = new Gson();

    private final OverrideLayer layer;
    private final boolean remoteWinsOverLocal;
    private volatile Supplier<Map<String, Setting>> local = Map::of;
    private volatile Map<String, Setting> remote = Map.of();
    private volatile Snapshot snapshot = new Snapshot(null, null, null, Map.of());

    private record Snapshot(Object overrides, Object local, Object remote, Map<String, Setting> merged) {
    }

    /**
     * @param remoteWinsOverLocal the application's {@code remote-over-local}: a local flag is then served only
     *        while the remote config lacks its key
     */
    public LayeredSettings(OverrideLayer layer, boolean remoteWinsOverLocal) {
        this.layer = layer;
        this.remoteWinsOverLocal = remoteWinsOverLocal;
    }

    private volatile FlagSources.FlagSource own;

    @Override
    public void configure(ConfigCatClient.Options options) {
        options.hooks().addOnConfigChanged(this::remote);
    }

    @Override
    public void opened(ConfigCatClient client, Optional<OverrideBehaviour> ownBehaviour) {
        OverrideBehaviour behaviour = ownBehaviour.orElse(null) == OverrideBehaviour.LOCAL_ONLY
                ? OverrideBehaviour.LOCAL_ONLY
                : OverrideBehaviour.LOCAL_OVER_REMOTE;
        FlagSources.FlagSource flags = FlagSources.layer(client, this, behaviour);
        local(flags::settings);
        own = flags;
    }

    @Override
    public void closing(ConfigCatClient client) {
        FlagSources.FlagSource flags = own;
        if (flags != null) {
            FlagSources.restore(client, flags);
        }
    }

    /** The client's own local flags (its flag file), read on every evaluation. */
    void local(Supplier<Map<String, Setting>> local) {
        this.local = local;
    }

    /** The settings of the last remote config. */
    void remote(Map<String, Setting> settings) {
        this.remote = settings == null ? Map.of() : settings;
    }

    /** The flag's value type without the overrides, when the local flags or the last remote config have it. */
    public Optional<Class<?>> typeOf(String key) {
        Setting setting = remote.get(key);
        if (setting == null) {
            setting = local.get().get(key);
        }
        return setting == null || setting.getType() == null ? Optional.empty() : Optional.of(javaType(setting.getType()));
    }

    private static Class<?> javaType(SettingType type) {
        return switch (type) {
            case BOOLEAN -> Boolean.class;
            case STRING -> String.class;
            case INT -> Integer.class;
            case DOUBLE -> Double.class;
        };
    }

    private Map<String, Setting> merged() {
        Map<String, Object> overrides = layer.values();
        Map<String, Setting> localNow = local.get();
        Map<String, Setting> remoteNow = remoteWinsOverLocal ? remote : null;
        Snapshot current = snapshot;
        if (current.overrides() == overrides && current.local() == localNow && current.remote() == remoteNow) {
            return current.merged();
        }
        Map<String, Setting> merged = new HashMap<>();
        localNow.forEach((key, setting) -> {
            if (remoteNow == null || !remoteNow.containsKey(key)) {
                merged.put(key, setting);
            }
        });
        overrides.forEach((key, value) -> merged.put(key, setting(value)));
        Map<String, Setting> result = Map.copyOf(merged);
        snapshot = new Snapshot(overrides, localNow, remoteNow, result);
        return result;
    }

    /** ConfigCat's {@code Setting} for a value, read from ConfigCat's own JSON form (its variation ID has no setter). */
    static Setting setting(Object value) {
        JsonObject json = new JsonObject();
        JsonObject settingValue = new JsonObject();
        if (value instanceof Boolean flag) {
            json.addProperty("t", 0);
            settingValue.addProperty("b", flag);
        } else if (value instanceof String text) {
            json.addProperty("t", 1);
            settingValue.addProperty("s", text);
        } else if (value instanceof Integer number) {
            json.addProperty("t", 2);
            settingValue.addProperty("i", number);
        } else if (value instanceof Double number) {
            json.addProperty("t", 3);
            settingValue.addProperty("d", number);
        } else {
            throw new IllegalArgumentException("not a ConfigCat value: " + value);
        }
        json.add("v", settingValue);
        json.addProperty("i", variationId(value));
        return GSON.fromJson(json, Setting.class);
    }

    /** Says that the value is an override, and differs per value (Segment's message IDs are made from it). */
    static String variationId(Object value) {
        return OVERRIDE_VARIATION_PREFIX
                + Long.toHexString(Hash64.of(value.getClass().getSimpleName() + ":" + value) >>> 32);
    }

    @Override
    public Set<Entry<String, Setting>> entrySet() {
        return merged().entrySet();
    }

    @Override
    public Setting get(Object key) {
        return merged().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return merged().containsKey(key);
    }

    @Override
    public int size() {
        return merged().size();
    }
}
