package io.flagbridge.it.app;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;

import com.configcat.ConfigCatClient;
import com.configcat.RefreshResult;
import com.configcat.User;

import io.flagbridge.SegmentStats;

/**
 * The test application: evaluates flags through the injected client. {@link FlagServlet} serves it over HTTP in a
 * server; on Weld SE the tests call {@link #handle} directly. The answers are plain text.
 */
@ApplicationScoped
public class FlagProbe {

    @Inject
    ConfigCatClient client;

    @Inject
    SegmentStats stats;

    /**
     * {@code eval?key=K&type=boolean|string|int|double[&user=ID][&email=E]} → the value;
     * {@code refresh} → {@code ok} or the error; {@code observed} → what an
     * {@code @Observes FlagEvaluated} observer saw; {@code changes} → what an {@code @Observes FlagChanged} observer
     * saw, {@code forget-changes} forgets it; {@code stats} → {@code SegmentStats}; {@code loader} → the
     * application's class loader; {@code log-start} → {@code ok}, and FlagBridge's lines at INFO and above are
     * recorded from then on; {@code log} → those lines.
     */
    public String handle(String command, Function<String, String> parameter) {
        switch (command) {
            case "eval":
                return String.valueOf(evaluate(parameter.apply("key"), parameter.apply("type"),
                        parameter.apply("user"), parameter.apply("email")));
            case "refresh":
                RefreshResult result = client.forceRefresh();
                if (!result.isSuccess()) {
                    // ConfigCat 9.4.3's race (docs/operating.md#logging): once more, as the docs tell applications.
                    result = client.forceRefresh();
                }
                return result.isSuccess() ? "ok" : "failed: " + result.error();
            case "loader":
                // In a server, the threads the application starts have a context class loader whose text names this.
                return String.valueOf(FlagProbe.class.getClassLoader());
            case "changes":
                return CDI.current().select(ChangeRecorder.class).get().describe();
            case "forget-changes":
                CDI.current().select(ChangeRecorder.class).get().forget();
                return "ok";
            case "stats":
                return "sent=" + stats.sent() + " failed=" + stats.failed() + " dropped=" + stats.dropped()
                        + " pending=" + stats.pending();
            case "log-start":
                CDI.current().select(LogRecorder.class).get().start();
                return "ok";
            case "log":
                return CDI.current().select(LogRecorder.class).get().describe();
            case "observed":
                return String.valueOf(CDI.current().select(EvaluationCounter.class).get().count());
            case "health-beans":
                return healthBeans();
            case "otel-logs":
                return logsBridge();
            default:
                throw new IllegalArgumentException("unknown command " + command);
        }
    }

    /** What the application sees of MicroProfile Health: the API, and the beans of type HealthCheck. */
    private static String healthBeans() {
        try {
            Class<?> api = Class.forName("org.eclipse.microprofile.health.HealthCheck", false,
                    Thread.currentThread().getContextClassLoader());
            return "api visible; beans: " + CDI.current().getBeanManager().getBeans(api, Any.Literal.INSTANCE).stream()
                    .map(bean -> bean.getBeanClass().getName() + bean.getQualifiers()).toList();
        } catch (ClassNotFoundException e) {
            return "api not visible";
        }
    }

    /** The class of the application's OpenTelemetry and of its Logs API's provider (by reflection: no API here). */
    private static String logsBridge() {
        try {
            Class<?> api = Class.forName("io.opentelemetry.api.OpenTelemetry", false,
                    Thread.currentThread().getContextClassLoader());
            Object openTelemetry = CDI.current().select(api).get();
            Object logs = api.getMethod("getLogsBridge").invoke(openTelemetry);
            return openTelemetry.getClass().getName() + " logs: " + logs.getClass().getName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "no logs bridge: " + e;
        }
    }

    private Object evaluate(String key, String type, String userId, String email) {
        User user = userId == null ? null : User.newBuilder().email(email).build(userId);
        switch (type) {
            case "boolean":
                return client.getValue(Boolean.class, key, user, false);
            case "string":
                return client.getValue(String.class, key, user, "default");
            case "int":
                return client.getValue(Integer.class, key, user, -1);
            case "double":
                return client.getValue(Double.class, key, user, -1.0);
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }
}
