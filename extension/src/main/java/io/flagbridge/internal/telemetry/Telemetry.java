package io.flagbridge.internal.telemetry;

import com.configcat.EvaluationDetails;

import io.flagbridge.internal.util.ThreadCounts;

/**
 * What FlagBridge reports to OpenTelemetry. This interface names no OpenTelemetry type, so that the runtime holds one
 * whether or not the application sees the API; {@link #NONE} where it does not or telemetry is off.
 */
public interface Telemetry extends AutoCloseable {

    /** Reports nothing. */
    Telemetry NONE = new Telemetry() {
        @Override
        public void evaluated(EvaluationDetails<Object> details, ThreadCounts.Scratch scratch) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Called inside every evaluation, on the evaluating thread: it must not block or throw.
     *
     * @param scratch the evaluating thread's scratch of the runtime's {@code Counters.perThread()}
     */
    void evaluated(EvaluationDetails<Object> details, ThreadCounts.Scratch scratch);

    /** Ends the callbacks of the observable instruments. */
    @Override
    void close();
}
