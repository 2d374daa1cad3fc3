package io.flagbridge.it.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.flagbridge.FlagChanged;

/** An application's observer of flag changes. */
@ApplicationScoped
public class ChangeRecorder {

    private final List<FlagChanged> changes = new CopyOnWriteArrayList<>();

    void changed(@Observes FlagChanged change) {
        changes.add(change);
    }

    /** Forgets the changes seen so far (a test that shares the application starts with none). */
    public void forget() {
        changes.clear();
    }

    /** One line a change: {@code key|kind|source|details|configName|changedByName|changedByEmail|changeNotes}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (FlagChanged c : changes) {
            text.append(String.join("|", c.key(), c.kind().name(), c.source().name(), c.details(),
                    String.valueOf(c.configName()), String.valueOf(c.changedByName()),
                    String.valueOf(c.changedByEmail()), String.valueOf(c.changeNotes()))).append('\n');
        }
        return text.toString();
    }
}
