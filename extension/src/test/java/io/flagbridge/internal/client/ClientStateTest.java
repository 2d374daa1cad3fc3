package io.flagbridge.internal.client;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ClientCacheState;
import com.configcat.ConfigCatClient;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client knows, as health checks and the OpenFeature provider read it. */
@ExtendWith(Fakes.class)
class ClientStateTest {

    static final String KEY = "configcat-sdk-1/flagbridge-clientstat1/0123456789abcdefghijkl";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    /** An application needs a bean of its own to start on Weld SE. */
    @ApplicationScoped
    public static class Shop {
    }

    @Test
    void noDataWhileTheCdnIsDownThenDataAlsoWhenLaterFetchesFail() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
        cdn.stop();
        app = WeldApp.start(Map.of("configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.poll-interval", "1", "configcat.max-init-wait", "0"), Shop.class);
        ClientState state = app.select(ClientState.class);
        assertThat(Eventually.until(state::snapshot, s -> s.lastError().isPresent()).hasData()).isFalse();
        assertThat(state.snapshot().cacheState()).isEqualTo(ClientCacheState.NO_FLAG_DATA);

        cdn.restart();
        ClientState.Snapshot withData = Eventually.until(state::snapshot, ClientState.Snapshot::hasData);
        assertThat(withData.hasData()).isTrue();
        assertThat(withData.lastConfig()).isPresent();

        cdn.failWith(500);
        ClientState.Snapshot failing = Eventually.until(state::snapshot, s -> s.lastErrorAt().orElseThrow()
                .isAfter(withData.lastConfig().orElseThrow()));
        assertThat(failing.hasData()).as("the data it has is still served").isTrue();
        assertThat(failing.lastError()).hasValueSatisfying(error -> assertThat(error).contains("500")
                .doesNotContain("flagbridge-clientstat1"));
    }

    @Test
    void aRefusedSdkKeyIsNoDataUntilAConfigArrives() {
        // The fake CDN has no config for KEY yet: 404, as ConfigCat's CDN answers a wrong SDK key.
        app = WeldApp.start(Map.of("configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.poll-interval", "1", "configcat.max-init-wait", "10"), Shop.class);
        ClientState state = app.select(ClientState.class);
        ClientState.Snapshot refused = Eventually.until(state::snapshot, s -> s.lastError().isPresent());
        assertThat(refused.hasData()).as("ConfigCat says HAS_UP_TO_DATE_FLAG_DATA of an empty config").isFalse();
        assertThat(refused.cacheState()).isEqualTo(ClientCacheState.NO_FLAG_DATA);
        assertThat(refused.lastConfig()).isEmpty();
        assertThat(refused.keyRefused()).isTrue();

        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("on", true, "v-on").build());
        ClientState.Snapshot accepted = Eventually.until(state::snapshot, ClientState.Snapshot::hasData);
        assertThat(accepted.lastConfig()).isPresent();
        assertThat(accepted.keyRefused()).isFalse();
        assertThat(app.select(ConfigCatClient.class).getValue(Boolean.class, "on", false)).isTrue();
    }

    @Test
    void aRefusedSdkKeyBesideLocalFlagsLeavesTheirData() throws Exception {
        app = WeldApp.start(Map.of("configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.max-init-wait", "10", "configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-over-remote"), Shop.class);
        app.select(ConfigCatClient.class).waitForReadyAsync().get(10, java.util.concurrent.TimeUnit.SECONDS);
        ClientState.Snapshot refused = app.select(ClientState.class).snapshot();
        assertThat(refused.keyRefused()).isTrue();
        assertThat(refused.hasData()).as("the local flags are served").isTrue();
    }

    @Test
    void localFlagsAreDataFromTheStart() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"), Shop.class);
        assertThat(Eventually.until(() -> app.select(ClientState.class).snapshot(), ClientState.Snapshot::hasData)
                .cacheState()).isEqualTo(ClientCacheState.HAS_LOCAL_OVERRIDE_FLAG_DATA_ONLY);
    }

    @Test
    void anEvaluationErrorIsNoFetchError() {
        app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"), Shop.class);
        ConfigCatClient client = app.select(ConfigCatClient.class);
        assertThat(client.getValueDetails(Boolean.class, "no-such-flag", false).getError()).isNotNull();
        assertThat(app.select(ClientState.class).snapshot().lastError()).as("errors of evaluations are not the "
                + "client's data errors").isEmpty();
    }

    @Test
    void fetchErrorsAreKnownAlsoWhenTheSdkLogsNothing() {
        cdn.failWith(503);
        app = WeldApp.start(Map.of("configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.poll-interval", "1", "configcat.max-init-wait", "0", "configcat.log-level", "no-log"),
                Shop.class);
        ClientState state = app.select(ClientState.class);
        assertThat(Eventually.until(state::snapshot, s -> s.lastError().isPresent()).lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("503").doesNotContain(
                        "flagbridge-clientstat1"));
    }
}
