package io.flagbridge.it;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.WeldServer;

/** {@link FeatureFlagScenarios} on Weld SE. */
class FeatureFlagOnWeldIT extends FeatureFlagScenarios {

    private final AppServer server = new WeldServer();

    @Override
    protected AppServer server() {
        return server;
    }
}
