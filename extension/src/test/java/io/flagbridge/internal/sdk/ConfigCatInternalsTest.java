package io.flagbridge.internal.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

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
     * When the fetch is done before ConfigCat 9.4.3 has registered its callback, {@code forceRefreshAsync()} throws a
     * NullPointerException (seen 4 times in 3000 refreshes on a busy machine, and once in a WebhookOnServerIT run on
     * Open Liberty, where the webhook answered 500). Here OkHttp runs each refresh's fetch on the calling thread, so
     * the CDN's answer is in before ConfigCat hands it to another thread, which then wins the race in about one
     * refresh in twenty here (fewer on a busy machine): a refresh that ran into it costs one more fetch, FlagBridge's
     * second attempt (whose fetch runs on a thread of its own, as usual).
     */
    @Test
    void aRefreshIsAnsweredEvenWhenTheCdnAnswersFirst() throws Throwable {
        AnswerFirst fetches = new AnswerFirst();
        try (FakeConfigCatCdn cdn = FakeConfigCatCdn.start()) {
            cdn.serve(REFRESH_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-on").build());
            ConfigCatClient.Options options = new ConfigCatClient.Options();
            options.pollingMode(PollingModes.manualPoll());
            options.baseUrl(cdn.baseUrl());
            options.httpClient(new OkHttpClient.Builder().dispatcher(new Dispatcher(fetches)).build());
            ConfigCatClient client = OwnClient.create(REFRESH_KEY, options);
            try {
                int refreshes = 0;
                int races = 0;
                while (races < 3 && refreshes < 5_000) {
                    int before = fetches.fetches();
                    fetches.answerFirst(1);
                    RefreshResult result = Refresh.of(client).get(10, TimeUnit.SECONDS);
                    refreshes++;
                    assertThat(result.isSuccess()).as("refresh %d: %s", refreshes, result.error()).isTrue();
                    races += fetches.fetches() - before - 1;
                }
                assertThat(races).as("refreshes that ran into the race, of %d", refreshes).isGreaterThanOrEqualTo(3);
                assertThat(client.getValue(Boolean.class, "checkout", false)).isTrue();
            } finally {
                client.close();
                OwnClient.closeResources(client);
            }
        } finally {
            fetches.shutdownNow();
        }
    }

    /**
     * OkHttp's executor for ConfigCat's fetches: the next {@code n} fetches run on the calling thread (the CDN's answer
     * is in before the call returns), the others on a thread of their own, as usual.
     */
    static final class AnswerFirst extends AbstractExecutorService {
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final AtomicInteger toAnswerFirst = new AtomicInteger();
        private final AtomicInteger fetches = new AtomicInteger();

        void answerFirst(int n) {
            toAnswerFirst.set(n);
        }

        /** The fetches run so far. */
        int fetches() {
            return fetches.get();
        }

        @Override
        public void execute(Runnable fetch) {
            fetches.incrementAndGet();
            if (toAnswerFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                fetch.run();
            } else {
                threads.execute(fetch);
            }
        }

        @Override
        public void shutdown() {
            threads.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return threads.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return threads.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return threads.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
        }
    }
}
