package io.flagbridge.internal.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.util.IsoDates;

/**
 * {@code flagbridge-segment}: always UP (a Segment outage must not take the application out of service), with the
 * delivery counters and the last upload that succeeded and that failed.
 * <p>
 * A {@code @Readiness @Singleton} bean; both are added where it is registered ({@link HealthChecks}), so that a
 * container that scans FlagBridge's jar (Quarkus) makes it a bean only when FlagBridge registers it.
 */
public class SegmentReadiness implements HealthCheck {

    static final String NAME = "flagbridge-segment";

    private final Provider<Counters> delivery;
    private final Provider<Deployment> deployment;

    /**
     * @param delivery looked up at each call: a server may create its checks before FlagBridge has started
     * @param deployment the application's name and whether Segment is on, looked up at each call for the same reason
     */
    @Inject
    public SegmentReadiness(Provider<Counters> delivery, Provider<Deployment> deployment) {
        this.delivery = delivery;
        this.deployment = deployment;
    }

    @Override
    public HealthCheckResponse call() {
        Counters counters = delivery.get();
        Deployment application = deployment.get();
        Map<String, Object> data = new LinkedHashMap<>();
        application.application().ifPresent(name -> data.put("application", name));
        data.put("enabled", application.segmentEnabled());
        data.put("pending", counters.pending());
        data.put("sent", counters.sent());
        data.put("deduped", counters.deduped());
        data.put("dropped", counters.dropped());
        data.put("failed", counters.failed());
        counters.lastSuccess().ifPresent(success -> data.put("lastSuccess", IsoDates.format(success.at()
                .toEpochMilli())));
        counters.lastFailure().ifPresent(failure -> data.put("lastFailure", IsoDates.format(failure.at()
                .toEpochMilli()) + " " + failure.what()));
        return new HealthCheckResponse(NAME, HealthCheckResponse.Status.UP, Optional.of(data));
    }
}
