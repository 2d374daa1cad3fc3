package io.flagbridge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lines one logger (and its children) writes, at every level: while open ({@code try (LogCapture log =
 * LogCapture.of("io.flagbridge")) {...}}), or during each test as a JUnit extension
 * ({@code @RegisterExtension final LogCapture log = LogCapture.of("io.flagbridge");}).
 */
public final class LogCapture extends Handler implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();
    private Level before;
    private boolean attached;

    private LogCapture(Logger logger) {
        this.logger = logger;
        attach();
    }

    private synchronized void attach() {
        if (!attached) {
            before = logger.getLevel();
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
            attached = true;
        }
    }

    /** Captures what the logger of that name, and those under it, log, from now until {@link #close()}. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** The records logged so far, in order. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages logged so far, in order. */
    public synchronized List<String> lines() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    /** The messages logged so far at that level or above. */
    public synchronized List<String> lines(Level atLeast) {
        return records.stream().filter(r -> r.getLevel().intValue() >= atLeast.intValue()).map(LogRecord::getMessage)
                .toList();
    }

    /** The messages that start with this code ({@code FLAGBRIDGE-0401}), in order. */
    public synchronized List<String> coded(String code) {
        return records.stream().map(LogRecord::getMessage).filter(m -> m != null && m.startsWith(code + ":"))
                .toList();
    }

    /** As a JUnit extension: each test sees only its own lines. */
    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        records.clear();
        attach();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        if (attached) {
            logger.removeHandler(this);
            logger.setLevel(before);
            attached = false;
        }
    }
}
