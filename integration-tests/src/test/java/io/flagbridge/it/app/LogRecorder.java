package io.flagbridge.it.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** What FlagBridge logs at INFO and above (through the server's java.util.logging), from {@link #start()} on. */
@ApplicationScoped
public class LogRecorder {

    // Held here: java.util.logging keeps its loggers only weakly.
    private final Logger flagBridge = Logger.getLogger("io.flagbridge");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean started;

    /** Records from now on, forgetting what was recorded before. */
    public synchronized void start() {
        lines.clear();
        if (!started) {
            flagBridge.addHandler(handler);
            started = true;
        }
    }

    /** One line a record: its level and its message. */
    public String describe() {
        return String.join("\n", lines);
    }

    @PreDestroy
    synchronized void stop() {
        flagBridge.removeHandler(handler);
    }
}
