package io.flagbridge.it.request;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Jakarta Concurrency 3's {@code @Asynchronous}: the gate runs on the default managed executor. */
@ApplicationScoped
public class AsyncGates {

    @Inject
    Gates gates;

    @Asynchronous
    public CompletableFuture<String> beta() {
        return Asynchronous.Result.complete(gates.beta());
    }
}
