package io.flagbridge.internal.events;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;

import com.configcat.EvaluationDetails;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.config.SegmentSettings;

/**
 * Turns the client's {@code flagEvaluated} hook into CDI events: {@code fire()} for every evaluation (when a
 * synchronous observer exists), and
 * {@code fireAsync()} on FlagBridge's own executor (one named thread, a bounded queue, counted drops) for each
 * exposure that passes the dedupe window. Runs on the evaluating thread, so it never blocks and never throws: a hook
 * that throws makes ConfigCat serve the default value.
 */
public final class EvaluationEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EvaluationEvents.class.getName());

    private final Event<FlagEvaluated> event;
    private final boolean syncObservers;
    private final boolean asyncObservers;
    private final ExposureFilter exposures;
    private final Counters counters;
    private final EventQueue executor;
    private final NotificationOptions async;
    private final RateLimitedLog dropWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);
    private final RateLimitedLog failureWarning = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    /**
     * @param event the application's {@code Event<FlagEvaluated>}
     * @param syncObservers whether any {@code @Observes FlagEvaluated} observer exists (else nothing is fired)
     * @param asyncObservers whether any {@code @ObservesAsync FlagEvaluated} observer exists (else nothing is queued)
     * @param exposures the dedupe window
     * @param queueCapacity how many exposures may wait for the async observers
     * @param counters where drops and dedupes are counted
     */
    public EvaluationEvents(Event<FlagEvaluated> event, boolean syncObservers, boolean asyncObservers,
            ExposureFilter exposures, int queueCapacity, Counters counters) {
        this.event = event;
        this.syncObservers = syncObservers;
        this.asyncObservers = asyncObservers;
        this.exposures = exposures;
        this.counters = counters;
        // Started now, at deployment: a thread started by the first evaluation would take that caller's context
        // class loader (and in a server, keep whatever it pins).
        this.executor = new EventQueue("flagbridge-events", queueCapacity, this::dropped, exposures::advance);
        this.async = NotificationOptions.ofExecutor(executor);
    }

    /**
     * The {@code flagEvaluated} hook. It runs inside every evaluation, so it does only what some observer needs: no
     * {@code fire()} without a synchronous observer, and the event is built only when it is fired or is an exposure.
     */
    public void evaluated(EvaluationDetails<Object> details) {
        if (!syncObservers && !asyncObservers) {
            return;
        }
        try {
            FlagEvaluated evaluated = null;
            if (syncObservers) {
                evaluated = event(details, System.currentTimeMillis());
                event.fire(evaluated);
            }
            if (asyncObservers) {
                // No clock read for a repeated exposure: the event thread keeps the window's time.
                if (exposures.firstInWindow(details.getUser(), details.getKey(), details.getValue(),
                        details.getVariationId())) {
                    event.fireAsync(evaluated != null ? evaluated : event(details, System.currentTimeMillis()),
                            async);
                } else {
                    counters.addDeduped();
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // An application observer that throws must not turn the flag's value into its default.
            failureWarning.warn(() -> "FLAGBRIDGE-0030: an observer of FlagEvaluated failed for flag '"
                    + details.getKey() + "' (logged at most once a minute): " + e);
            LOG.log(Level.FINE, "FlagEvaluated observer failure", e);
        }
    }

    private static FlagEvaluated event(EvaluationDetails<Object> details, long epochMillis) {
        return new FlagEvaluated(details.getKey(), details.getValue(), details.getVariationId(), details.getUser(),
                details.isDefaultValue(), details.getError(), Instant.ofEpochMilli(epochMillis),
                details.getMatchedTargetingRule(), details.getMatchedPercentageOption());
    }

    private void dropped() {
        counters.addDroppedEvent();
        dropWarning.warn(() -> "FLAGBRIDGE-0031: FlagBridge's async event queue is full ("
                + SegmentSettings.EVENT_QUEUE_CAPACITY + "); events for @ObservesAsync observers are dropped "
                + "(logged at most once a minute; " + counters.droppedEvents() + " dropped so far)");
    }

    /** FlagBridge's bounded executor for async observers (also of FlagChanged). */
    public java.util.concurrent.Executor executor() {
        return executor;
    }

    /** Lets the queued exposures reach their observers, up to the deadline, then stops the thread. */
    @Override
    public void close() {
        close(5, TimeUnit.SECONDS);
    }

    public void close(long timeout, TimeUnit unit) {
        if (!executor.close(timeout, unit)) {
            LOG.warning("FLAGBRIDGE-0032: FlagBridge's async observers did not finish within " + unit.toMillis(timeout)
                    + " ms of the application's stop; the events still queued were not delivered");
        }
    }
}
