package io.flagbridge.internal.client;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.configcat.LogFilterFunction;
import com.configcat.LogLevel;

import io.flagbridge.internal.util.Secret;

/**
 * Takes over the ConfigCat SDK's log output. The SDK logs through SLF4J, which has no binding on some servers (its
 * lines would vanish) and whose messages can hold the whole SDK key (for example warning 3000). Every line the SDK
 * would write is written here instead, to {@code java.util.logging} (which every server routes to its log), with the
 * key masked; the SDK's own SLF4J output is suppressed.
 */
final class ClientLog implements LogFilterFunction {

    static final String LOGGER_NAME = "io.flagbridge.configcat";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);

    private final Secret sdkKey;

    ClientLog(Secret sdkKey) {
        this.sdkKey = sdkKey;
    }

    @Override
    public boolean apply(LogLevel level, int eventId, Object message, Throwable exception) {
        Level julLevel = switch (level) {
            case ERROR -> Level.SEVERE;
            case WARNING -> Level.WARNING;
            case INFO -> Level.INFO;
            default -> Level.FINE;
        };
        if (LOG.isLoggable(julLevel)) {
            StringBuilder line = new StringBuilder("[").append(eventId).append("] ")
                    .append(sdkKey.redact(String.valueOf(message)));
            // The cause chain is summarised, not printed as a stack trace: its messages may hold the key too.
            for (Throwable t = exception; t != null; t = t.getCause()) {
                line.append(t == exception ? " (" : "; caused by ").append(t.getClass().getName());
                if (t.getMessage() != null) {
                    line.append(": ").append(sdkKey.redact(t.getMessage()));
                }
                if (t.getCause() == null) {
                    line.append(')');
                }
            }
            LOG.log(julLevel, line.toString());
        }
        return false;
    }
}
