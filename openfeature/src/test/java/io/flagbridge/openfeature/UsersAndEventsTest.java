package io.flagbridge.openfeature;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import io.flagbridge.FlagUserResolver;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The user without a context, the provider's events, and one API per application. */
class UsersAndEventsTest extends WithFakeCdn {

    @ApplicationScoped
    public static class Resolver implements FlagUserResolver {
        static volatile User current;

        @Override
        public Optional<User> currentUser() {
            return Optional.ofNullable(current);
        }
    }

    ConfigJson plans(String fallback) {
        return ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").textFlag("plan", fallback,
                "v-" + fallback, new ConfigJson.Rule("Email", ConfigJson.TextComparator.CONTAINS_ANY_OF,
                        List.of("@example.com"), "premium", "v-premium"));
    }

    @Test
    void withoutATargetingKeyTheUserIsFeatureFlagsAndAnExplicitContextWins() {
        cdn.serve(OpenFeatureTestApp.KEY, plans("basic").build());
        app = OpenFeatureTestApp.start(cdn, new Class<?>[] { Resolver.class });
        Client client = app.select(Client.class);

        Resolver.current = User.newBuilder().email("ann@example.com").build("ann");
        assertThat(client.getStringValue("plan", "none")).isEqualTo("premium");
        Resolver.current = User.newBuilder().email("bob@other.org").build("bob");
        assertThat(client.getStringValue("plan", "none")).as("looked up on each evaluation").isEqualTo("basic");
        FlagEvaluationDetails<String> explicit = client.getStringDetails("plan", "none",
                new ImmutableContext("cy", Map.of("email", new Value("cy@example.com"))));
        assertThat(explicit.getValue()).isEqualTo("premium");
        Resolver.current = null;
        assertThat(client.getStringValue("plan", "none")).as("no user at all").isEqualTo("basic");
    }

    @Test
    void configurationChangedNamesOnlyTheKeysThatChangedAndAFailedFetchIsStale() {
        cdn.serve(OpenFeatureTestApp.KEY, plans("basic").build());
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0]);
        Client client = app.select(Client.class);
        ConfigCatClient configCat = app.select(ConfigCatClient.class);
        List<EventDetails> changed = new CopyOnWriteArrayList<>();
        List<EventDetails> stale = new CopyOnWriteArrayList<>();
        List<EventDetails> ready = new CopyOnWriteArrayList<>();
        client.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, changed::add);
        client.on(ProviderEvent.PROVIDER_STALE, stale::add);
        client.onProviderReady(ready::add);
        // A client's handler of the state it is in runs at once.
        await().atMost(Duration.ofSeconds(10)).until(() -> ready.size() == 1);
        assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);

        cdn.serve(OpenFeatureTestApp.KEY, plans("free").build());
        configCat.forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.size() == 1);
        assertThat(changed.get(0).getFlagsChanged()).containsExactly("plan");

        configCat.forceRefresh(); // the same config again: nothing changed, no event
        cdn.failWith(500);
        configCat.forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> stale.size() == 1);
        assertThat(stale.get(0).getMessage()).startsWith("FLAGBRIDGE-0304: ConfigCat could not fetch the config: ");
        assertThat(client.getProviderState()).isEqualTo(ProviderState.STALE);
        assertThat(client.getBooleanValue("nope", false)).isFalse(); // an evaluation error is no fetch failure

        cdn.recover();
        cdn.serve(OpenFeatureTestApp.KEY, plans("gold").build());
        configCat.forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.READY);
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.size() == 2);
        assertThat(changed.get(1).getFlagsChanged()).containsExactly("plan");
        // The SDK runs each handler on a thread of a pool, in no order: what was emitted above arrives by now, and
        // nothing more arrives for a while.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(stale).as("STALE").hasSize(1);
            assertThat(changed).as("CONFIGURATION_CHANGED").hasSize(2);
            assertThat(ready).as("READY, at the start and once the CDN was back").hasSize(2);
        });
    }

    @Test
    void withoutConfigDataTheProviderIsInErrorUntilAConfigArrives() {
        cdn.failWith(500);
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0], "configcat.max-init-wait", "1");
        Client client = app.select(Client.class);
        assertThat(client.getProviderState()).isEqualTo(ProviderState.ERROR);
        FlagEvaluationDetails<Boolean> withoutData = client.getBooleanDetails("on", false);
        assertThat(withoutData.getValue()).isFalse();
        assertThat(withoutData.getReason()).isEqualTo("ERROR");
        assertThat(withoutData.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);

        cdn.recover();
        cdn.serve(OpenFeatureTestApp.KEY, plans("basic").build());
        app.select(ConfigCatClient.class).forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.READY);
        assertThat(client.getBooleanValue("on", false)).isTrue();
    }

    @Test
    void whileTheFirstConfigIsOnItsWayTheProviderIsNotReadyThenReady() {
        cdn.serve(OpenFeatureTestApp.KEY, plans("basic").build());
        cdn.hold(); // the CDN answers after configcat.max-init-wait: no data and no error yet
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0], "configcat.max-init-wait", "1");
        Client client = app.select(Client.class);
        List<EventDetails> ready = new CopyOnWriteArrayList<>();

        assertThat(client.getProviderState()).isEqualTo(ProviderState.NOT_READY);
        FlagEvaluationDetails<Boolean> early = client.getBooleanDetails("on", false);
        assertThat(early.getValue()).isFalse();
        assertThat(early.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);

        client.onProviderReady(ready::add);
        cdn.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> !ready.isEmpty());
        assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(client.getBooleanValue("on", false)).isTrue();
    }

    @Test
    void aRefusedSdkKeyIsFatalNeverReadyOnAnEmptyConfig() {
        // The fake CDN has no config for the key: 404, as ConfigCat's CDN answers a wrong SDK key.
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0]);
        Client client = app.select(Client.class);
        List<EventDetails> errors = new CopyOnWriteArrayList<>();
        client.onProviderError(errors::add);

        assertThat(client.getProviderState()).isEqualTo(ProviderState.FATAL);
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("on", true);
        assertThat(details.getValue()).isTrue();
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_FATAL);

        // Refused again: PROVIDER_ERROR with PROVIDER_FATAL, which keeps the state FATAL (the SDK 1.22 gives handlers
        // the event's message, not its error code).
        app.select(ConfigCatClient.class).forceRefresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> errors.stream().anyMatch(e -> e.getMessage() != null));
        assertThat(errors).filteredOn(e -> e.getMessage() != null).first().extracting(EventDetails::getMessage)
                .isEqualTo("FLAGBRIDGE-0500: configcat.sdk-key=****-001 was refused "
                        + "by ConfigCat's CDN (HTTP 403 or 404: \"Your SDK Key seems to be wrong\"); expected the SDK key of a "
                        + "config and environment in ConfigCat's dashboard. Without config data every flag serves its default "
                        + "value: the readiness check flagbridge-configcat is DOWN and OpenFeature's provider FATAL until a "
                        + "config arrives");
        assertThat(client.getProviderState()).isEqualTo(ProviderState.FATAL);
    }

    @Test
    void twoApplicationsKeepTheirOwnApiAndProviderAndShuttingOneDownLeavesTheClientOpen() {
        cdn.serve(OpenFeatureTestApp.KEY, plans("basic").build());
        String otherKey = "configcat-sdk-1/flagbridge-openfeature/secret-part-of-key-002";
        cdn.serve(otherKey, plans("free").build());
        app = OpenFeatureTestApp.start(cdn, new Class<?>[0]);
        try (WeldApp other = WeldApp.start(OpenFeatureTestApp.config(cdn, "configcat.sdk-key", otherKey),
                OpenFeatureTestApp.Anchor.class)) {
            OpenFeatureAPI api = app.select(OpenFeatureAPI.class);
            OpenFeatureAPI otherApi = other.select(OpenFeatureAPI.class);
            assertThat(api).isNotSameAs(otherApi);
            assertThat(api.getProvider()).isNotSameAs(otherApi.getProvider());
            assertThat(app.select(Client.class).getStringValue("plan", "none")).isEqualTo("basic");
            assertThat(other.select(Client.class).getStringValue("plan", "none")).isEqualTo("free");

            ConfigCatClient otherConfigCat = other.select(ConfigCatClient.class);
            otherApi.shutdown();
            assertThat(otherConfigCat.isClosed()).as("FlagBridge's client, not the provider's").isFalse();
            assertThat(app.select(Client.class).getStringValue("plan", "none")).isEqualTo("basic");
        }
    }
}
