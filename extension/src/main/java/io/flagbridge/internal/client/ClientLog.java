package io.flagbridge.internal.client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;

import com.configcat.LogFilterFunction;
import com.configcat.LogLevel;

import io.flagbridge.internal.privacy.UserPrivacy;
import io.flagbridge.internal.sdk.ConfigCatLogs;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Secret;

/**
 * Takes over the ConfigCat SDK's log output. The SDK logs through SLF4J, which has no binding on some servers (its
 * lines would vanish) and whose messages can hold the whole SDK key (for example warning 3000). Every line the SDK
 * would write is written here instead, to {@code java.util.logging} (which every server routes to its log), with the
 * key masked; the SDK's own SLF4J output is suppressed. Fetch errors (events 1100-1199) go to the client's state as
 * well: the SDK's {@code onError} hook tells evaluation errors too, and without their event ID.
 */
final class ClientLog implements LogFilterFunction {

    static final String LOGGER_NAME = "io.flagbridge.configcat";
    private static final AppLog LOG = AppLog.named(LOGGER_NAME);

    private final Secret sdkKey;
    private final UserPrivacy privacy;
    private final Repeats repeats;
    private final FetchErrors fetchErrors;
    private final boolean write;

    /** Where fetch errors go. */
    interface FetchErrors {
        /**
         * @param eventId ConfigCat's event ID (1100: the CDN refused the SDK key)
         * @param line the line as FlagBridge logs it, the key masked
         */
        void failed(int eventId, String line);
    }

    /**
     * @param fetchErrors gets each fetch error, whatever the log level
     * @param write false when nothing is to be logged ({@code no-log}: the SDK then still tells the errors)
     */
    ClientLog(Secret sdkKey, UserPrivacy privacy, FetchErrors fetchErrors, boolean write) {
        this(sdkKey, privacy, System::nanoTime, fetchErrors, write);
    }

    ClientLog(Secret sdkKey, UserPrivacy privacy, LongSupplier nanoTime) {
        this(sdkKey, privacy, nanoTime, (eventId, line) -> {
        }, true);
    }

    private ClientLog(Secret sdkKey, UserPrivacy privacy, LongSupplier nanoTime, FetchErrors fetchErrors,
            boolean write) {
        this.sdkKey = sdkKey;
        this.privacy = privacy;
        this.repeats = new Repeats(nanoTime, TimeUnit.MINUTES.toNanos(1));
        this.fetchErrors = fetchErrors;
        this.write = write;
    }

    /** Identical lines within an interval: the first is written, the others counted (for at most 1000 lines). */
    static final class Repeats {

        private static final int MAX_LINES = 1000;

        private final LongSupplier nanoTime;
        private final long intervalNanos;
        private final Map<String, long[]> lines = new HashMap<>();

        Repeats(LongSupplier nanoTime, long intervalNanos) {
            this.nanoTime = nanoTime;
            this.intervalNanos = intervalNanos;
        }

        /** -1 when the line is not to be written; else how many identical lines were held back before it. */
        synchronized long admit(String line) {
            long now = nanoTime.getAsLong();
            long[] window = lines.get(line); // {the time it was last written, lines held back since}
            if (window != null && now - window[0] < intervalNanos) {
                window[1]++;
                return -1;
            }
            if (window == null) {
                if (lines.size() >= MAX_LINES) {
                    lines.values().removeIf(w -> now - w[0] >= intervalNanos);
                    if (lines.size() >= MAX_LINES) {
                        lines.clear(); // so many distinct lines: forget them rather than grow
                    }
                }
                lines.put(line, new long[] { now, 0 });
                return 0;
            }
            long heldBack = window[1];
            window[0] = now;
            window[1] = 0;
            return heldBack;
        }
    }

    @Override
    public boolean apply(LogLevel level, int eventId, Object message, Throwable exception) {
        Level julLevel = switch (level) {
            case ERROR -> Level.SEVERE;
            case WARNING -> Level.WARNING;
            case INFO -> Level.INFO;
            default -> Level.FINE;
        };
        boolean fetchError = level == LogLevel.ERROR && ConfigCatLogs.isFetchError(eventId);
        if (fetchError || (write && LOG.isLoggable(julLevel))) {
            StringBuilder line = new StringBuilder("[").append(eventId).append("] ")
                    .append(privacy.logLine(eventId, sdkKey.redact(String.valueOf(message))));
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
            String text = line.toString();
            if (fetchError) {
                fetchErrors.failed(eventId, text);
                if (!write || !LOG.isLoggable(julLevel)) {
                    return false;
                }
            }
            if (ConfigCatLogs.isPerEvaluation(eventId)) {
                long suppressed = repeats.admit(text);
                if (suppressed < 0) {
                    return false;
                }
                if (suppressed > 0) {
                    text += " (and " + suppressed + " identical lines in the last minute, not logged)";
                }
            }
            LOG.log(julLevel, text);
        }
        return false;
    }
}
