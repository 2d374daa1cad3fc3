package io.flagbridge.it.app;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.flagbridge.FlagEvaluated;

/** An application's observer of every evaluation. */
@ApplicationScoped
public class EvaluationCounter {

    private final AtomicLong evaluations = new AtomicLong();

    void evaluated(@Observes FlagEvaluated event) {
        evaluations.incrementAndGet();
    }

    public long count() {
        return evaluations.get();
    }
}
