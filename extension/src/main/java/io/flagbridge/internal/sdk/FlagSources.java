package io.flagbridge.internal.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;
import com.configcat.Setting;

/**
 * The client's local flags ({@code configcat.overrides.*}). Why the SDK's private parts: in ConfigCat 9.4.x the
 * client's flag source and override behaviour are private final fields and its data sources package-private
 * classes. FlagBridge reads them to know which setting a local flag file serves now (a reason {@code STATIC} or
 * {@code DEFAULT}, what a file's edit changed), and the test kit puts a map source in front of them whose map is
 * FlagBridge's live view of the kit's overrides and the client's own flags, giving the client its own source back
 * before it closes (which closes that source's file watcher).
 */
public final class FlagSources {

    private static final Class<?> DATA_SOURCE = Handles.type("com.configcat.OverrideDataSource");
    private static final Class<?> LOCAL_MAP_SOURCE = Handles.type("com.configcat.LocalMapDataSource");
    private static final Field SOURCE = Handles.field(ConfigCatClient.class, "overrideDataSource");
    private static final Field BEHAVIOUR = Handles.field(ConfigCatClient.class, "overrideBehaviour");
    private static final MethodHandle LOCAL_CONFIGURATION = Handles.find(() -> Handles.in(DATA_SOURCE).findVirtual(
            DATA_SOURCE, "getLocalConfiguration", MethodType.methodType(Map.class)));
    private static final MethodHandle LOCAL_MAP = Handles.find(() -> Handles.in(LOCAL_MAP_SOURCE).findConstructor(
            LOCAL_MAP_SOURCE, MethodType.methodType(void.class, Map.class)));
    private static final Field LOADED_SETTINGS = Handles.field(LOCAL_MAP_SOURCE, "loadedSettings");

    private FlagSources() {
    }

    static Reach reach() {
        return new Reach("ConfigCatClient.overrideDataSource, ConfigCatClient.overrideBehaviour, "
                + "OverrideDataSource.getLocalConfiguration(), LocalMapDataSource(Map), LocalMapDataSource.loadedSettings",
                "an edit of a local flag file is not reported, local flags count as static, and the test kit cannot "
                        + "override flags",
                Handles.all(SOURCE, BEHAVIOUR, LOCAL_CONFIGURATION, LOCAL_MAP, LOADED_SETTINGS));
    }

    /**
     * A flag source of the client and its override behaviour.
     *
     * @param source ConfigCat's data source (package-private type)
     * @param behaviour the client's override behaviour; null when it has no local flags
     */
    public record FlagSource(Object source, OverrideBehaviour behaviour) {

        /** The source's flags now (a flag file's change included); empty when they cannot be read. */
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

    /** The client's local flags and its override behaviour; empty when it has none or this SDK version hides them. */
    public static Optional<FlagSource> of(ConfigCatClient client) {
        if (!Handles.all(SOURCE, BEHAVIOUR, LOCAL_CONFIGURATION)) {
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

    /** Whether the client's data source can be read. */
    static boolean sourceReadable() {
        return SOURCE != null;
    }

    /** The client's data source (a flag file's, with its watcher), or null. */
    static Object dataSource(ConfigCatClient client) {
        try {
            return SOURCE == null ? null : SOURCE.get(client);
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Makes the client read its flags from {@code live} with the given behaviour.
     *
     * @return the client's own source, for {@link #restore}
     * @throws IllegalStateException when this SDK version does not allow it
     */
    public static FlagSource layer(ConfigCatClient client, Map<String, Setting> live, OverrideBehaviour behaviour) {
        if (!Handles.all(SOURCE, BEHAVIOUR, LOCAL_CONFIGURATION, LOCAL_MAP, LOADED_SETTINGS)) {
            throw new IllegalStateException("this ConfigCat SDK version (" + SdkShape.version() + ") does not let the "
                    + "test kit put its overrides in front of the client's flags (ConfigCatClient.overrideDataSource, "
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
    public static void restore(ConfigCatClient client, FlagSource own) {
        try {
            SOURCE.set(client, own.source());
            BEHAVIOUR.set(client, own.behaviour());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
