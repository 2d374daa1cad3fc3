package io.flagbridge.internal.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;

import com.configcat.ConfigCatClient;

/**
 * A client of FlagBridge's own. Why the SDK's private parts: in ConfigCat 9.4.x {@code ConfigCatClient.get} keeps one
 * client per SDK key and class loader and gives a second caller the first caller's client, options and hooks (two
 * CDI containers in one JVM, or application code that called {@code get} itself). FlagBridge then calls the
 * constructor itself, and releases that client's resources, which {@code close()} releases only for the registered
 * one.
 */
public final class OwnClient {

    private static final MethodHandle CONSTRUCTOR = Handles.find(() -> Handles.in(ConfigCatClient.class)
            .findConstructor(ConfigCatClient.class, MethodType.methodType(void.class, String.class,
                    ConfigCatClient.Options.class)));
    private static final MethodHandle CLOSE_RESOURCES = Handles.find(() -> Handles.in(ConfigCatClient.class)
            .findVirtual(ConfigCatClient.class, "closeResources", MethodType.methodType(void.class)));

    private OwnClient() {
    }

    static Reach reach() {
        return new Reach("ConfigCatClient(String, Options), ConfigCatClient.closeResources()", "an application whose "
                + "SDK key another client of the same class loader holds cannot start",
                Handles.all(CONSTRUCTOR,
                        CLOSE_RESOURCES));
    }

    /** A client of its own, whatever {@code ConfigCatClient.get} holds for the key. */
    public static ConfigCatClient create(String sdkKey, ConfigCatClient.Options options) {
        if (!Handles.all(CONSTRUCTOR, CLOSE_RESOURCES)) {
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

    /** Releases what {@code close()} releases only for the registered client (a client made by {@link #create}). */
    public static void closeResources(ConfigCatClient client) throws Throwable {
        if (CLOSE_RESOURCES != null) {
            CLOSE_RESOURCES.invoke(client);
        }
    }
}
