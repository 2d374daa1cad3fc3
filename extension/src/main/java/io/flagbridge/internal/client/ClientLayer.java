package io.flagbridge.internal.client;

import java.util.Optional;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;

/**
 * Flags put in front of the client's own (its local and remote flags) from its start until it closes, for every
 * evaluation (the test kit's overrides: {@link LayeredSettings}).
 */
public interface ClientLayer {

    /** Inside the client's options callback, before its first fetch. */
    void configure(ConfigCatClient.Options options);

    /**
     * Once the client exists: puts the layer in front of its flags.
     *
     * @param own the client's own override behaviour, when it has local flags
     */
    void opened(ConfigCatClient client, Optional<OverrideBehaviour> own);

    /** Before the client closes: gives the client its own flags back (closing them closes a flag file's watcher). */
    void closing(ConfigCatClient client);
}
