package io.flagbridge.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import io.flagbridge.FlagEvaluated;

/**
 * An application observer of every evaluation (the last value each flag was evaluated to) and of every exposure (the
 * page's chart: exposures per flag and variation, an experiment's split at a glance).
 */
@ApplicationScoped
public class LastEvaluations {

    private final Map<String, Object> values = new TreeMap<>();
    private final Map<String, Map<String, Integer>> exposures = new TreeMap<>();

    void evaluated(@Observes FlagEvaluated event) {
        synchronized (values) {
            values.put(event.key(), event.value());
        }
    }

    /** Asynchronous observers see each exposure once per (user, flag, value, variation) within the dedupe window. */
    void exposed(@ObservesAsync FlagEvaluated event) {
        String variation = event.variationId() != null ? event.variationId() : "value " + event.value();
        synchronized (exposures) {
            exposures.computeIfAbsent(event.key(), key -> new TreeMap<>()).merge(variation, 1, Integer::sum);
        }
    }

    public Map<String, Object> values() {
        synchronized (values) {
            return new TreeMap<>(values);
        }
    }

    /** Flag key to variation ID (or {@code value <value>} when the value has none) to exposures. */
    public Map<String, Map<String, Integer>> exposures() {
        synchronized (exposures) {
            Map<String, Map<String, Integer>> copy = new TreeMap<>();
            exposures.forEach((key, counts) -> copy.put(key, new LinkedHashMap<>(counts)));
            return copy;
        }
    }
}
