package io.flagbridge.it;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.WeldServer;

/** {@link SegmentScenarios} on Weld SE. */
class SegmentOnWeldIT extends SegmentScenarios {

    private final AppServer server = new WeldServer();

    @Override
    protected AppServer server() {
        return server;
    }
}
