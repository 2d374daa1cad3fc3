package io.flagbridge.internal.events;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;

import com.configcat.EvaluationDetails;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * Turns the client's {@code flagEvaluated} hook into CDI events: {@code fire()} for every evaluation (when a
 * synchronous observer exists), and {@code fireAsync()} on FlagBridge's event queue for each exposure that passes the
 * dedupe window. Runs on the evaluating thread, so it never blocks and never throws: a hook that throws makes ConfigCat
 * serve the default value.
 */
public final class EvaluationEvents {

    private static final AppLog LOG = AppLog.of(EvaluationEvents.class);

    private final Event<FlagEvaluated> event;
    private final boolean syncObservers;
    private final boolean asyncObservers;
    private final ExposureFilter exposures;
    private final Counters counters;
    private final NotificationOptions async;
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    /**
     * @param event the application's {@code Event<FlagEvaluated>}
     * @param syncObservers whether any {@code @Observes FlagEvaluated} observer exists (else nothing is fired)
     * @param asyncObservers whether any {@code @ObservesAsync FlagEvaluated} observer exists (else nothing is queued)
     * @param exposures the dedupe window's table
     * @param queue the executor of async observers
     * @param counters where dedupes are counted
     */
    public EvaluationEvents(Event<FlagEvaluated> event, boolean syncObservers, boolean asyncObservers,
            ExposureFilter exposures, EventQueue queue, Counters counters) {
        this.event = event;
        this.syncObservers = syncObservers;
        this.asyncObservers = asyncObservers;
        this.exposures = exposures;
        this.counters = counters;
        this.async = NotificationOptions.ofExecutor(queue);
    }

    /**
     * The {@code flagEvaluated} hook. It runs inside every evaluation, so it does only what some observer needs: no
     * {@code fire()} without a synchronous observer, and the event is built only when it is fired or is an exposure.
     */
    public void evaluated(EvaluationDetails<Object> details) {
        if (syncObservers || asyncObservers) {
            evaluated(details, counters.perThread().scratch());
        }
    }

    /**
     * The hook, with the evaluating thread's scratch ({@link io.flagbridge.internal.util.ThreadCounts#scratch()})
     * read once for everything this evaluation counts and hashes.
     */
    public void evaluated(EvaluationDetails<Object> details, Object[] scratch) {
        if (!syncObservers && !asyncObservers) {
            return;
        }
        try {
            FlagEvaluated evaluated = null;
            if (syncObservers) {
                evaluated = event(details, System.currentTimeMillis());
                event.fire(evaluated);
            }
            // An evaluation that fell back to the default on an error is no exposure (its sync event tells of it).
            if (asyncObservers && details.getError() == null) {
                // No clock read for a repeated exposure: the event thread keeps the window's time.
                if (exposures.firstInWindow(scratch, details.getUser(), details.getKey(), details.getValue(),
                        details.getVariationId())) {
                    event.fireAsync(evaluated != null ? evaluated : event(details, System.currentTimeMillis()),
                            async);
                } else {
                    counters.addDeduped(scratch);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // An application observer that throws must not turn the flag's value into its default.
            failureWarning.warn(() -> Messages.observerFailed(details.getKey(), e));
            LOG.log(Level.FINE, "FlagEvaluated observer failure", e);
        }
    }

    private static FlagEvaluated event(EvaluationDetails<Object> details, long epochMillis) {
        return new FlagEvaluated(details.getKey(), details.getValue(), details.getVariationId(), details.getUser(),
                details.isDefaultValue(), details.getError(), Instant.ofEpochMilli(epochMillis),
                details.getMatchedTargetingRule(), details.getMatchedPercentageOption());
    }
}
