package io.flagbridge.it.quarkus;

import io.flagbridge.it.SegmentScenarios;
import io.flagbridge.it.support.AppServer;

/** {@link SegmentScenarios} on Quarkus: the Segment shop as a run of this module's application. */
class SegmentOnQuarkusIT implements SegmentScenarios {

    private static final QuarkusRuns QUARKUS = new QuarkusRuns();

    @Override
    public AppServer server() {
        return QUARKUS;
    }
}
