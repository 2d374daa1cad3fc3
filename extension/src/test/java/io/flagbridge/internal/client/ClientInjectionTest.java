package io.flagbridge.internal.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;

import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ClientInjectionTest {

    static final Map<String, String> LOCAL_FLAGS = Map.of("configcat.overrides.resource", "flags/simple.json",
            "configcat.overrides.behaviour", "local-only");

    @ApplicationScoped
    public static class Shop {
        @Inject
        ConfigCatClient client;

        ConfigCatClient client() {
            return client;
        }

        boolean enabled(String key) {
            return client.getValue(Boolean.class, key, false);
        }
    }

    @Test
    void injectsAClientThatServesLocalFlags() {
        try (WeldApp app = WeldApp.start(LOCAL_FLAGS, Shop.class)) {
            Shop shop = app.select(Shop.class);
            assertThat(shop.enabled("enabledFeature")).isTrue();
            assertThat(shop.enabled("disabledFeature")).isFalse();
            assertThat(shop.client().getValue(String.class, "greeting", "")).isEqualTo("hello");
            assertThat(shop.client().getValue(Integer.class, "retries", 0)).isEqualTo(3);
            assertThat(shop.client().getValue(Double.class, "ratio", 0.0)).isEqualTo(0.5);
            assertThat(app.select(ConfigCatClient.class)).isSameAs(shop.client());
        }
    }

    @Test
    void aFullConfigResourceIsReadWithTheApplicationsClassLoader() {
        try (WeldApp app = WeldApp.start(Map.of("configcat.overrides.resource", "flags/full-config.json",
                "configcat.overrides.behaviour", "local-only"), Shop.class)) {
            assertThat(app.select(Shop.class).enabled("fullFlag")).isTrue();
        }
    }

    @Test
    void theClientIsClosedWhenTheApplicationStops() {
        ConfigCatClient client;
        try (WeldApp app = WeldApp.start(LOCAL_FLAGS, Shop.class)) {
            client = app.select(Shop.class).client();
            assertThat(client.isClosed()).isFalse();
        }
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void aMisconfiguredApplicationFailsToDeployWithEveryProblem() {
        assertThatThrownBy(() -> WeldApp.start(Map.of("configcat.polling-mode", "sometimes",
                "configcat.sdk-key", "configcat-sdk-1/verysecretkeyvalue/abcd"), Shop.class))
                .satisfies(failure -> assertThat(WeldApp.describe(failure))
                        .contains("FLAGBRIDGE-0003: configcat.polling-mode='sometimes' is invalid; expected auto, "
                                + "lazy or manual")
                        .contains("FLAGBRIDGE-0002: configcat.sdk-key='****abcd' is invalid")
                        .doesNotContain("verysecretkeyvalue"));
    }

    @Test
    void aMisconfigurationIsOneLinePerProblemAndNoStackTraceOfOurs() {
        Map<String, String> bad = Map.of("configcat.polling-mode", "sometimes", "configcat.poll-interval", "0",
                "configcat.log-level", "loud", "segment.flush-size", "many", "segment.dedupe-window", "1h");
        Throwable failure = catchThrowable(() -> WeldApp.start(bad, Shop.class));
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        List<String> lines = printed.toString().lines().toList();
        // One line each in our exception; Weld repeats its cause's message in its own (the container's frame).
        for (String code : List.of("FLAGBRIDGE-0003", "FLAGBRIDGE-0004", "FLAGBRIDGE-0010", "FLAGBRIDGE-0047",
                "FLAGBRIDGE-0041")) {
            assertThat(lines).as(code).filteredOn(line -> line.contains(code)).hasSizeBetween(1, 2);
        }
        assertThat(lines).as("one exception, not one per problem").noneMatch(line -> line.contains("Suppressed:"));
        assertThat(lines).as("frames of FlagBridge's").noneMatch(line -> line.contains("at io.flagbridge.internal.")
                && !line.contains("Test."));
    }

    static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void anAutoReloadedFlagFileIsReadAgainWhenItChangesAndLeavesNoWatcherBehind(@TempDir Path dir) throws Exception {
        Path flags = dir.resolve("flags.json");
        Files.writeString(flags, "{\"flags\":{\"enabledFeature\":true}}");
        List<String> before = liveThreads();
        try (WeldApp app = WeldApp.start(Map.of("configcat.overrides.file", flags.toString(),
                "configcat.overrides.behaviour", "local-only", "configcat.overrides.auto-reload", "true"),
                Shop.class)) {
            Shop shop = app.select(Shop.class);
            assertThat(shop.enabled("enabledFeature")).isTrue();
            Files.writeString(flags, "{\"flags\":{\"enabledFeature\":false}}");
            assertThat(Eventually.until(() -> shop.enabled("enabledFeature"), on -> !on)).as("reloaded after the edit")
                    .isFalse();
        }
        // ConfigCat's FileWatcher thread, and the JDK's watch service poller ("FileSystemWatcher" on Linux).
        List<String> left = Eventually.until(() -> liveThreads().stream().filter(name -> !before.contains(name))
                .filter(name -> name.contains("Watch")).toList(), List::isEmpty);
        assertThat(left).as("watcher threads left after the application stopped").isEmpty();
    }
}
