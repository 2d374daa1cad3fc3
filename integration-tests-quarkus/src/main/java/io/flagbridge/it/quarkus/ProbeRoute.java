package io.flagbridge.it.quarkus;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.flagbridge.it.app.FlagProbe;
import io.vertx.ext.web.Router;

/**
 * {@code GET /flags/<command>?...}: the test applications' {@link FlagProbe} over HTTP, where the servers have
 * {@code FlagServlet} (Quarkus runs no servlet container here). A route of its own, beside JAX-RS's {@code /api}.
 */
public class ProbeRoute {

    @Inject
    FlagProbe probe;

    void route(@Observes Router router) {
        router.get("/flags/:command").blockingHandler(context -> context.response()
                .putHeader("Content-Type", "text/plain;charset=UTF-8")
                .end(probe.handle(context.pathParam("command"), context.request()::getParam)));
    }
}
