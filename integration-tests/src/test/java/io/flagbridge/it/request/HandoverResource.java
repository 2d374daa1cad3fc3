package io.flagbridge.it.request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.naming.InitialContext;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Work handed to another thread by a request of user {@code alice} ({@code ?user=alice}): each executor runs
 * {@link Gates#beta()} (a flag on for alice only) and answers what it gave, or {@code unavailable} where the server
 * has no such executor.
 */
@RequestScoped
@Path("handover")
@Produces(MediaType.TEXT_PLAIN)
@ContextServiceDefinition(name = "java:app/concurrent/WithFlagBridge", propagated = { ContextServiceDefinition.APPLICATION,
        "FlagBridge" }, cleared = ContextServiceDefinition.ALL_REMAINING)
@ManagedExecutorDefinition(name = "java:app/concurrent/FlagBridgeExecutor", context = "java:app/concurrent/WithFlagBridge")
public class HandoverResource {

    @Resource
    ManagedExecutorService defaultExecutor;
    @Inject
    Gates gates;
    @Inject
    AsyncGates async;

    @GET
    @Path("{via}")
    public String handOver(@PathParam("via") String via) throws Exception {
        CompletableFuture<String> result = switch (via) {
            case "default-executor" -> defaultExecutor.supplyAsync(gates::beta);
            case "defined-executor" -> ((ManagedExecutorService) new InitialContext().lookup(
                    "java:app/concurrent/FlagBridgeExecutor")).supplyAsync(gates::beta);
            case "asynchronous" -> async.beta();
            case "mp-executor" -> MicroProfileExecutors.available()
                    ? MicroProfileExecutors.allContexts(gates::beta)
                    : CompletableFuture.completedFuture("unavailable");
            case "mp-flagbridge-only" -> MicroProfileExecutors.available()
                    ? MicroProfileExecutors.flagBridgeOnly(gates::beta)
                    : CompletableFuture.completedFuture("unavailable");
            case "here" -> CompletableFuture.completedFuture(gates.beta());
            default -> throw new IllegalArgumentException(via);
        };
        return result.get(30, TimeUnit.SECONDS);
    }
}
