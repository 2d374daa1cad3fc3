package io.flagbridge.internal.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.PollingModes;
import com.configcat.RefreshResult;
import com.configcat.User;

import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;

import static org.assertj.core.api.Assertions.assertThat;

/** Each private part of the ConfigCat SDK that FlagBridge reads: this fails when an SDK upgrade changes its shape. */
class ConfigCatInternalsTest {

    static final String KEY = "configcat-sdk-1/flagbridge-internals01/0123456789abcdefghijkl";
    static final String REFRESH_KEY = "configcat-sdk-1/flagbridge-internals03/0123456789abcdefghijkl";
    static final String WATCH_KEY = "configcat-sdk-1/flagbridge-internals02/0123456789abcdefghijkl";

    @Test
    void thisSdkHasEveryPartFlagBridgeReads() {
        assertThat(SdkShape.reaches()).allSatisfy(reach -> assertThat(reach.available()).as(reach.what()).isTrue());
        assertThat(SdkShape.report()).isEmpty();
        assertThat(SdkShape.version()).isEqualTo(SdkShape.TESTED_VERSION);
    }

    @Test
    void aSecondClientForTheSameKeyIsAClientOfItsOwn() throws Throwable {
        try (ConfigCatClient registered = ConfigCatClient.get(KEY, options -> options.offline(true))) {
            ConfigCatClient.Options options = new ConfigCatClient.Options();
            options.offline(true);
            ConfigCatClient own = OwnClient.create(KEY, options);
            assertThat(own).isNotSameAs(registered).isNotSameAs(ConfigCatClient.get(KEY));
            own.close();
            OwnClient.closeResources(own);
            assertThat(own.isClosed()).isTrue();
            assertThat(registered.isClosed()).isFalse();
        }
    }

    @Test
    void theFlagFileWatcherIsClosedWithItsThread(@TempDir Path dir) throws Throwable {
        Path flags = Files.writeString(dir.resolve("flags.json"), "{\"flags\":{\"on\":true}}");
        ConfigCatClient client = ConfigCatClient.get(WATCH_KEY, options -> options.flagOverrides(
                OverrideDataSourceBuilder.localFile(flags.toString(), true), OverrideBehaviour.LOCAL_ONLY));
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("FileSystemWatch"));
        client.close();
        FileWatcher.close(client, Duration.ofSeconds(5));
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("FileSystemWatch")
                && t.isAlive());
    }

    @Test
    void aUsersAttributesAreReadAsConfigCatKeepsThem() {
        User user = User.newBuilder().email("ann@example.com").custom(Map.of("plan", "gold")).build("ann");
        assertThat(UserAttributes.of(user)).hasValueSatisfying(attributes -> assertThat(attributes)
                .containsEntry("Email", "ann@example.com").containsEntry("plan", "gold"));
    }

    /**
     * On a busy machine a CDN on the same host can answer before ConfigCat 9.4.3 has registered its callback; then
     * {@code forceRefreshAsync()} throws a NullPointerException (4 in 3000 here with four busy threads; once in a
     * WebhookOnServerIT run on Open Liberty, where the webhook answered 500).
     */
    @Test
    void aRefreshIsAnsweredEvenWhenTheCdnAnswersFirst() throws Throwable {
        AtomicBoolean busy = new AtomicBoolean(true);
        try (FakeConfigCatCdn cdn = FakeConfigCatCdn.start()) {
            cdn.serve(REFRESH_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-on").build());
            ConfigCatClient.Options options = new ConfigCatClient.Options();
            options.pollingMode(PollingModes.manualPoll());
            options.baseUrl(cdn.baseUrl());
            ConfigCatClient client = OwnClient.create(REFRESH_KEY, options);
            for (int i = 0; i < 4; i++) {
                Thread spinner = new Thread(() -> {
                    while (busy.get()) {
                        Thread.onSpinWait();
                    }
                }, "busy-" + i);
                spinner.setDaemon(true);
                spinner.start();
            }
            int refreshes = 3000;
            int succeeded = 0;
            for (int i = 0; i < refreshes; i++) {
                RefreshResult result = Refresh.of(client).get(10, TimeUnit.SECONDS);
                succeeded += result.isSuccess() ? 1 : 0;
            }
            assertThat(succeeded).isEqualTo(refreshes);
            assertThat(client.getValue(Boolean.class, "checkout", false)).isTrue();
            client.close();
            OwnClient.closeResources(client);
        } finally {
            busy.set(false);
        }
    }
}
