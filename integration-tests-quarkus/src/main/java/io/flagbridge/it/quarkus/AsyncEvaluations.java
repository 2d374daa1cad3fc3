package io.flagbridge.it.quarkus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;

/** An application's async observer of exposures and changes, with the thread each one came on. */
@ApplicationScoped
public class AsyncEvaluations {

    /** What an async observer saw, and on which thread. */
    public record Seen(Object event, String thread) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    void evaluated(@ObservesAsync FlagEvaluated event) {
        seen.add(new Seen(event, Thread.currentThread().getName()));
    }

    void changed(@ObservesAsync FlagChanged event) {
        seen.add(new Seen(event, Thread.currentThread().getName()));
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void clear() {
        seen.clear();
    }
}
