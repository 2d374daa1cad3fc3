package io.flagbridge.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The records a logger (and its children) gets during each test, as a JUnit extension:
 * {@code @RegisterExtension final LogCapture log = LogCapture.of("io.flagbridge");}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        logger.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages that start with this code ({@code FLAGBRIDGE-0401}), in order. */
    public List<String> coded(String code) {
        return records.stream().map(LogRecord::getMessage).filter(m -> m != null && m.startsWith(code + ":"))
                .toList();
    }
}
