package io.flagbridge.demo;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.flagbridge.FlagEvaluated;

/** An application observer of every evaluation: the last value each flag was evaluated to. */
@ApplicationScoped
public class LastEvaluations {

    private final Map<String, Object> values = new TreeMap<>();

    void evaluated(@Observes FlagEvaluated event) {
        synchronized (values) {
            values.put(event.key(), event.value());
        }
    }

    public Map<String, Object> values() {
        synchronized (values) {
            return new TreeMap<>(values);
        }
    }
}
