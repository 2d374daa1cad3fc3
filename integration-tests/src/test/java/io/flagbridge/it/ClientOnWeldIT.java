package io.flagbridge.it;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.WeldServer;

/** {@link ClientScenarios} on Weld SE. */
class ClientOnWeldIT extends ClientScenarios {

    private final AppServer server = new WeldServer();

    @Override
    protected AppServer server() {
        return server;
    }
}
