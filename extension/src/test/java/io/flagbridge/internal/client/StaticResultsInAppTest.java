package io.flagbridge.internal.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;

import io.flagbridge.RequestFlags;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In an application, {@link StaticResults} drops what it serves when the flags change: an edited flag file (auto-reload)
 * and a new remote config reach {@code RequestFlags} evaluations (each in a request of its own, so each is new) as they
 * reach the client, after evaluations that FlagBridge served.
 */
@ExtendWith(Fakes.class)
class StaticResultsInAppTest {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-static-a001/secret-part-of-key-001";

    @TempDir
    Path dir;
    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @ApplicationScoped
    public static class Shop {
        @Inject
        RequestFlags flags;
        @Inject
        ConfigCatClient client;
        @Inject
        RequestContextController requests;

        /** In a request of its own: the request's first evaluation of the flag is a new one. */
        boolean checkout() {
            requests.activate();
            try {
                return flags.getValue(Boolean.class, "checkout", false);
            } finally {
                requests.deactivate();
            }
        }

        boolean clientsCheckout() {
            return client.getValue(Boolean.class, "checkout", false);
        }
    }

    @Test
    void anEditedFlagFileReachesServedEvaluations() throws Exception {
        Path file = dir.resolve("flags.json");
        Files.writeString(file, "{\"flags\":{\"checkout\":true}}");
        app = WeldApp.start(Map.of("configcat.overrides.file", file.toString(), "configcat.overrides.behaviour",
                "local-only", "configcat.overrides.auto-reload", "true"), Shop.class);
        Shop shop = app.select(Shop.class);
        for (int i = 0; i < 3; i++) {
            assertThat(shop.checkout()).isTrue();
        }

        Files.writeString(file, "{\"flags\":{\"checkout\":false}}");

        Eventually.until(shop::clientsCheckout, served -> !served);
        Eventually.until(shop::checkout, served -> !served);
        for (int i = 0; i < 3; i++) {
            assertThat(shop.checkout()).as("evaluation %d after the edit", i).isFalse();
        }
    }

    @Test
    void aNewRemoteConfigReachesServedEvaluationsWhenTheRefreshReturns() {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-on").build());
        app = WeldApp.start(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url", cdn.baseUrl(),
                "configcat.polling-mode", "manual"), Shop.class);
        ConfigCatClient client = app.select(ConfigCatClient.class);
        client.forceRefresh();
        Shop shop = app.select(Shop.class);
        for (int i = 0; i < 3; i++) {
            assertThat(shop.checkout()).isTrue();
        }

        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", false, "v-off").build());
        client.forceRefresh();

        for (int i = 0; i < 3; i++) {
            assertThat(shop.checkout()).as("evaluation %d after the refresh", i).isFalse();
        }
    }
}
