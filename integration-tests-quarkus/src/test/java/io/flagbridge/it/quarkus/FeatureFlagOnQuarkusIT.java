package io.flagbridge.it.quarkus;

import io.flagbridge.it.FeatureFlagScenarios;
import io.flagbridge.it.support.AppServer;

/** {@link FeatureFlagScenarios} on Quarkus: the gated shop as a run of this module's application. */
class FeatureFlagOnQuarkusIT implements FeatureFlagScenarios {

    private static final QuarkusRuns QUARKUS = new QuarkusRuns();

    @Override
    public AppServer server() {
        return QUARKUS;
    }
}
