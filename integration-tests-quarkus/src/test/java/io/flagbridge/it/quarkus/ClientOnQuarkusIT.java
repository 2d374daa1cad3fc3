package io.flagbridge.it.quarkus;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.ClientScenarios;
import io.flagbridge.it.support.AppServer;

/** {@link ClientScenarios} on Quarkus: each test application a run of this module's application. */
class ClientOnQuarkusIT implements ClientScenarios {

    private static final QuarkusRuns QUARKUS = new QuarkusRuns();

    @Override
    public AppServer server() {
        return QUARKUS;
    }

    @Test
    @Disabled(QuarkusRuns.THREADS)
    @Override
    public void tenRedeploysEachRunTheApplicationsThreads() {
        ClientScenarios.super.tenRedeploysEachRunTheApplicationsThreads();
    }
}
