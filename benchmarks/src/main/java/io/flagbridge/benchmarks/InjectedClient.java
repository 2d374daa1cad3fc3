package io.flagbridge.benchmarks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.configcat.ConfigCatClient;

/** An application bean with {@code @Inject ConfigCatClient}, as application code has it. */
@ApplicationScoped
public class InjectedClient {

    @Inject
    ConfigCatClient client;

    /** Through a method: a field read on the client proxy would see the proxy's own, empty field. */
    public ConfigCatClient client() {
        return client;
    }
}
