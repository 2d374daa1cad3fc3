package io.flagbridge.internal.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerBuilder;

/**
 * {@code feature_flag.evaluation} as a log-based event (OpenTelemetry's Logs API), correlated with the current span by
 * the SDK. Its own class, so that an OpenTelemetry API without the Logs API (before 1.27) fails here, once, at
 * deployment. The event's name goes into the log record's event name where the API and its SDK have one
 * ({@code LogRecordBuilder.setEventName}, API 1.50; WildFly 39 has 1.48, Open Liberty's mpTelemetry-2.0 older), else
 * into the attribute {@code event.name}, the conventions' form before it.
 */
final class LogEvents {

    static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

    private final Logger logger;
    private final boolean eventNameField;

    private LogEvents(Logger logger, boolean eventNameField) {
        this.logger = logger;
        this.eventNameField = eventNameField;
    }

    /** @throws LinkageError when the application's OpenTelemetry API has no Logs API */
    static LogEvents of(OpenTelemetry openTelemetry, String scope, String version) {
        LoggerBuilder builder = openTelemetry.getLogsBridge().loggerBuilder(scope);
        if (version != null) {
            builder.setInstrumentationVersion(version);
        }
        Logger logger = builder.build();
        return new LogEvents(logger, takesEventName(logger.logRecordBuilder()));
    }

    /** Whether the SDK's record builder keeps an event name (the API's default method drops it). */
    static boolean takesEventName(LogRecordBuilder builder) {
        try {
            // The application's API must declare it too (1.50+): with an older API and a newer SDK (WildFly 39: API
            // 1.48, whose SDK's builder has it from the incubator) a call would be a NoSuchMethodError.
            LogRecordBuilder.class.getMethod("setEventName", String.class);
            return builder.getClass().getMethod("setEventName", String.class)
                    .getDeclaringClass() != LogRecordBuilder.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Emits the event in the current context (its span). */
    void emit(String name, Attributes attributes) {
        LogRecordBuilder record = logger.logRecordBuilder();
        if (eventNameField) {
            record.setEventName(name);
        } else {
            record.setAttribute(EVENT_NAME, name);
        }
        record.setAllAttributes(attributes).emit();
    }
}
