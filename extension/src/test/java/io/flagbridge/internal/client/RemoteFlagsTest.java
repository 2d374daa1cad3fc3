package io.flagbridge.internal.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import io.flagbridge.FlagChanged;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** The injected client against a fake ConfigCat CDN on 127.0.0.1. */
@ExtendWith(Fakes.class)
class RemoteFlagsTest {

    static final String KEY = "configcat-sdk-1/flagbridge-remote-test/secret-part-of-key-001";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeConfigCatCdn otherCdn;
    final List<String> logLines = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger configCatLog = Logger.getLogger(ClientLog.LOGGER_NAME);

    @BeforeEach
    void start() {
        configCatLog.addHandler(capture);
        configCatLog.setLevel(Level.ALL);
    }

    @AfterEach
    void stop() {
        configCatLog.removeHandler(capture);
        configCatLog.setLevel(null);
    }

    @ApplicationScoped
    public static class Pricing {
        @Inject
        ConfigCatClient client;

        String plan(String email) {
            return client.getValue(String.class, "plan", User.newBuilder().email(email).build(email), "none");
        }

        ConfigCatClient client() {
            return client;
        }
    }

    @ApplicationScoped
    public static class Changes {
        static final List<FlagChanged> SEEN = new CopyOnWriteArrayList<>();

        void seen(@Observes FlagChanged change) {
            SEEN.add(change);
        }
    }

    Map<String, String> config(FakeConfigCatCdn server, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", KEY, "configcat.base-url",
                server.baseUrl() + "/", "configcat.polling-mode", "manual"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    static String plans(String baseUrl, String fallback) {
        return ConfigJson.forCdn(baseUrl)
                .textFlag("plan", fallback, "v-" + fallback, new ConfigJson.Rule("Email",
                        ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "premium", "v-premium"))
                .build();
    }

    @Test
    void autoPollingLoadsTheFlagsBeforeTheFirstEvaluation() {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.polling-mode", "auto", "configcat.max-init-wait",
                "10"), Pricing.class)) {
            Pricing pricing = app.select(Pricing.class);
            assertThat(pricing.plan("ann@example.com")).isEqualTo("premium");
            assertThat(pricing.plan("bob@other.org")).isEqualTo("basic");
            assertThat(cdn.requests(KEY)).isEqualTo(1);
        }
    }

    @Test
    void manualPollingSeesANewConfigAfterARefresh() {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        Changes.SEEN.clear();
        try (WeldApp app = WeldApp.start(config(cdn), Pricing.class, Changes.class)) {
            Pricing pricing = app.select(Pricing.class);
            assertThat(pricing.client().forceRefresh().isSuccess()).isTrue();
            assertThat(pricing.plan("bob@other.org")).isEqualTo("basic");

            cdn.serve(KEY, plans(cdn.baseUrl(), "free"));
            assertThat(pricing.plan("bob@other.org")).isEqualTo("basic");
            pricing.client().forceRefresh();
            assertThat(pricing.plan("bob@other.org")).isEqualTo("free");
            assertThat(Changes.SEEN).as("one change after the first load").singleElement()
                    .satisfies(change -> assertThat(change.key()).isEqualTo("plan"));
        }
    }

    @Test
    void lazyLoadingFetchesOnFirstUse() {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.polling-mode", "lazy"), Pricing.class)) {
            assertThat(cdn.requests(KEY)).isZero();
            assertThat(app.select(Pricing.class).plan("ann@example.com")).isEqualTo("premium");
            assertThat(cdn.requests(KEY)).isEqualTo(1);
        }
    }

    @Test
    void offlineMakesNoRequest() {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.offline", "true", "configcat.polling-mode", "auto"),
                Pricing.class)) {
            Pricing pricing = app.select(Pricing.class);
            assertThat(pricing.client().isOffline()).isTrue();
            assertThat(pricing.plan("ann@example.com")).isEqualTo("none");
            assertThat(cdn.requests(KEY)).isZero();
        }
    }

    @Test
    void localOverRemoteAndRemoteOverLocal() {
        cdn.serve(KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("enabledFeature", false, "v-off")
                .boolFlag("remoteOnly", true, "v-remote").build());
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.overrides.resource", "flags/simple.json"),
                Pricing.class)) {
            ConfigCatClient client = app.select(Pricing.class).client();
            client.forceRefresh();
            assertThat(client.getValue(Boolean.class, "enabledFeature", false)).isTrue();
            assertThat(client.getValue(Boolean.class, "remoteOnly", false)).isTrue();
        }
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "remote-over-local"), Pricing.class)) {
            ConfigCatClient client = app.select(Pricing.class).client();
            client.forceRefresh();
            assertThat(client.getValue(Boolean.class, "enabledFeature", true)).isFalse();
            assertThat(client.getValue(String.class, "greeting", "")).isEqualTo("hello");
        }
    }

    @Test
    void twoApplicationsWithTheSameKeyInOneClassLoaderEachGetTheirOwnClient() {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        otherCdn.serve(KEY, plans(otherCdn.baseUrl(), "free"));
        ConfigCatClient firstClient;
        ConfigCatClient secondClient;
        try (WeldApp first = WeldApp.start(config(cdn), Pricing.class);
                WeldApp second = WeldApp.start(config(otherCdn), Pricing.class)) {
            firstClient = first.select(Pricing.class).client();
            secondClient = second.select(Pricing.class).client();
            firstClient.forceRefresh();
            secondClient.forceRefresh();

            assertThat(secondClient).isNotSameAs(firstClient);
            assertThat(first.select(Pricing.class).plan("bob@other.org")).isEqualTo("basic");
            assertThat(second.select(Pricing.class).plan("bob@other.org")).isEqualTo("free");
        }
        assertThat(firstClient.isClosed()).isTrue();
        assertThat(secondClient.isClosed()).isTrue();
        // ConfigCat's warning 3000 ("there is an existing client ... SDK Key: '...'") names the key: masked.
        assertThat(logLines).anyMatch(line -> line.startsWith("WARNING [3000]") && line.contains("'****-001'"));
        assertThat(logLines).noneMatch(line -> line.contains("secret-part-of-key-001"));
    }

    @Test
    void theSdkKeyNeverReachesTheLog() {
        // An unknown key makes the CDN answer 404, which ConfigCat reports as a wrong SDK key.
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.log-level", "debug"), Pricing.class)) {
            ConfigCatClient client = app.select(Pricing.class).client();
            assertThat(client.forceRefresh().isSuccess()).isFalse();
            cdn.stop();
            assertThat(client.forceRefresh().isSuccess()).isFalse();
        }
        assertThat(logLines).anyMatch(line -> line.startsWith("SEVERE [1100]"));
        assertThat(logLines).anyMatch(line -> line.startsWith("SEVERE [1103]"));
        assertThat(logLines).noneMatch(line -> line.contains("secret-part-of-key-001"));
    }

    @ParameterizedTest
    @CsvSource({ "debug, true, true", "info, true, true", "warning, false, true", "error, false, true",
            "no-log, false, false" })
    void logLevelDecidesWhatIsLogged(String level, boolean infoLogged, boolean errorLogged) {
        cdn.serve(KEY, plans(cdn.baseUrl(), "basic"));
        try (WeldApp app = WeldApp.start(config(cdn, "configcat.log-level", level), Pricing.class)) {
            Pricing pricing = app.select(Pricing.class);
            assertThat(pricing.client().forceRefresh().isSuccess()).isTrue();
            assertThat(pricing.plan("ann@example.com")).isEqualTo("premium"); // info 5000: the evaluation
            cdn.stop();
            assertThat(pricing.client().forceRefresh().isSuccess()).isFalse(); // error 1103: the fetch failed
        }
        assertThat(logLines.stream().anyMatch(line -> line.startsWith("INFO [5000]"))).as("info").isEqualTo(
                infoLogged);
        assertThat(logLines.stream().anyMatch(line -> line.startsWith("SEVERE [1103]"))).as("error").isEqualTo(
                errorLogged);
        if (!errorLogged) {
            assertThat(logLines).isEmpty();
        }
    }
}
