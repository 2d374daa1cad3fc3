package io.flagbridge.internal.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.util.IsoDates;

/**
 * {@code flagbridge-configcat}: UP once the client has config data (from the CDN, a cache or local flags) and from
 * then on, also while later fetches fail; DOWN while it has none, since every flag then has its code's default.
 * <p>
 * A {@code @Readiness @Singleton} bean; both are added where it is registered ({@link HealthChecks}), so that a
 * container that scans FlagBridge's jar (Quarkus) makes it a bean only when FlagBridge registers it.
 */
public class ConfigCatReadiness implements HealthCheck {

    static final String NAME = "flagbridge-configcat";

    private final Provider<ClientState> state;
    private final Provider<Deployment> deployment;
    private final Clock clock;

    /**
     * @param state looked up at each call: a server may create its checks before FlagBridge has started
     * @param deployment the application's name, looked up at each call for the same reason
     */
    @Inject
    public ConfigCatReadiness(Provider<ClientState> state, Provider<Deployment> deployment) {
        this.state = state;
        this.deployment = deployment;
        this.clock = Clock.systemUTC();
    }

    @Override
    public HealthCheckResponse call() {
        ClientState.Snapshot now = state.get().snapshot();
        Map<String, Object> data = new LinkedHashMap<>();
        deployment.get().application().ifPresent(name -> data.put("application", name));
        data.put("cacheState", now.cacheState().name());
        now.lastConfig().ifPresent(at -> data.put("configAgeSeconds",
                Math.max(0, Duration.between(at, clock.instant()).toSeconds())));
        // The line as FlagBridge logs it: the SDK key masked.
        now.lastError().ifPresent(error -> data.put("lastError", now.lastErrorAt()
                .map(at -> IsoDates.format(at.toEpochMilli()) + " ").orElse("") + error));
        return new HealthCheckResponse(NAME, now.hasData() ? HealthCheckResponse.Status.UP
                : HealthCheckResponse.Status.DOWN, Optional.of(data));
    }
}
