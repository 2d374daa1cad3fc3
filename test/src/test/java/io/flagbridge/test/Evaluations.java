package io.flagbridge.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.flagbridge.FlagEvaluated;

/** Every FlagEvaluated of the application, as its own observer sees them. */
@ApplicationScoped
public class Evaluations {

    private final List<FlagEvaluated> seen = new CopyOnWriteArrayList<>();

    void evaluated(@Observes FlagEvaluated event) {
        seen.add(event);
    }

    public List<FlagEvaluated> seen() {
        return List.copyOf(seen);
    }

    public void clear() {
        seen.clear();
    }
}
