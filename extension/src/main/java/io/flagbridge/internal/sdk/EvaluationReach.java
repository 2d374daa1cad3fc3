package io.flagbridge.internal.sdk;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.configcat.ConfigCatClient;
import com.configcat.ConfigCatHooks;
import com.configcat.ConfigService;
import com.configcat.Entry;
import com.configcat.User;

/**
 * What an evaluation that FlagBridge serves without ConfigCat's client must know to look the same as the client's
 * ({@code client.StaticResults}). Why the SDK's private parts: ConfigCat 9.4.x tells no one how many
 * {@code onFlagEvaluated} hooks a client has (FlagBridge serves a result itself only when its own is the only one, so
 * that no other hook misses an evaluation), gives no getter for the user that {@code setDefaultUser} set (an
 * evaluation without a user is that user's), and keeps the fetch time of the config it serves to itself.
 */
public final class EvaluationReach {

    private static final VarHandle FLAG_EVALUATED = Handles.find(() -> Handles.in(ConfigCatHooks.class)
            .findVarHandle(ConfigCatHooks.class, "onFlagEvaluated", List.class));
    private static final VarHandle DEFAULT_USER = Handles.find(() -> Handles.in(ConfigCatClient.class)
            .findVarHandle(ConfigCatClient.class, "defaultUser", User.class));
    private static final VarHandle CONFIG_SERVICE = Handles.find(() -> Handles.in(ConfigCatClient.class)
            .findVarHandle(ConfigCatClient.class, "configService", ConfigService.class));
    private static final VarHandle CACHED_ENTRY = Handles.find(() -> Handles.in(ConfigService.class)
            .findVarHandle(ConfigService.class, "cachedEntry", AtomicReference.class));

    private EvaluationReach() {
    }

    static Reach reach() {
        return new Reach("ConfigCatHooks.onFlagEvaluated, ConfigCatClient.defaultUser, "
                + "ConfigCatClient.configService, ConfigService.cachedEntry",
                "every evaluation goes "
                        + "through ConfigCat's client, also of a flag without targeting rules (more slowly)",
                available());
    }

    /** Whether FlagBridge can tell a client's hooks and default user. */
    public static boolean available() {
        return Handles.all(FLAG_EVALUATED, DEFAULT_USER, CONFIG_SERVICE, CACHED_ENTRY);
    }

    /** How many {@code onFlagEvaluated} hooks the client has now (a racy read); only when {@link #available()}. */
    public static int flagEvaluatedHooks(ConfigCatHooks hooks) {
        return ((List<?>) FLAG_EVALUATED.get(hooks)).size();
    }

    /**
     * The config entry the client serves from, whose fetch time an evaluation gives (a fetch that finds the config
     * unchanged sets a new one); null when the client has no remote config (local-only flags); only when
     * {@link #available()}.
     */
    @SuppressWarnings("unchecked")
    public static AtomicReference<Entry> configEntry(ConfigCatClient client) {
        ConfigService service = (ConfigService) CONFIG_SERVICE.get(client);
        return service == null ? null : (AtomicReference<Entry>) CACHED_ENTRY.get(service);
    }

    /** The client's default user ({@code setDefaultUser}), or null; only when {@link #available()}. */
    public static User defaultUser(ConfigCatClient client) {
        return (User) DEFAULT_USER.get(client);
    }
}
