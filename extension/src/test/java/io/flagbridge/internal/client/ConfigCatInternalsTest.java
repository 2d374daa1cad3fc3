package io.flagbridge.internal.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;
import com.configcat.OverrideBehaviour;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.User;

import static org.assertj.core.api.Assertions.assertThat;

/** Each private part of the ConfigCat SDK that FlagBridge reads: this fails when an SDK upgrade changes its shape. */
class ConfigCatInternalsTest {

    static final String KEY = "configcat-sdk-1/flagbridge-internals01/0123456789abcdefghijkl";
    static final String WATCH_KEY = "configcat-sdk-1/flagbridge-internals02/0123456789abcdefghijkl";

    @Test
    void thisSdkHasEveryPartFlagBridgeReads() {
        assertThat(ConfigCatInternals.missing()).isEmpty();
    }

    @Test
    void aSecondClientForTheSameKeyIsAClientOfItsOwn() throws Throwable {
        try (ConfigCatClient registered = ConfigCatClient.get(KEY, options -> options.offline(true))) {
            ConfigCatClient.Options options = new ConfigCatClient.Options();
            options.offline(true);
            ConfigCatClient own = ConfigCatInternals.newClient(KEY, options);
            assertThat(own).isNotSameAs(registered).isNotSameAs(ConfigCatClient.get(KEY));
            own.close();
            ConfigCatInternals.closeResources(own);
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
        ConfigCatInternals.closeFileWatcher(client, Duration.ofSeconds(5));
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("FileSystemWatch")
                && t.isAlive());
    }

    @Test
    void aUsersAttributesAreReadAsConfigCatKeepsThem() {
        User user = User.newBuilder().email("ann@example.com").custom(Map.of("plan", "gold")).build("ann");
        assertThat(ConfigCatInternals.userAttributes(user)).hasValueSatisfying(attributes -> assertThat(attributes)
                .containsEntry("Email", "ann@example.com").containsEntry("plan", "gold"));
    }
}
