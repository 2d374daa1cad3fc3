package io.flagbridge.internal.request;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.inject.Inject;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.configcat.ConfigCatClient;
import com.configcat.User;
import com.google.gson.JsonObject;

import io.flagbridge.FlagUserResolver;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user on other threads: MicroProfile Context Propagation (SmallRye's, which finds FlagBridge's provider through
 * {@code META-INF/services}) runs a task with the request's user and fixed values, and clears them after it.
 */
@ExtendWith(Fakes.class)
class HandoverTest {

    static final String SDK_KEY = RequestConsistencyTest.SDK_KEY;
    static final String WRITE_KEY = "segment-write-key-0123456789";

    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    FakeSegment segment;
    @Fake
    WeldApp app;
    ManagedExecutor executor;

    @BeforeEach
    void startFakes() {
        serve(true);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void serve(boolean checkout) {
        cdn.serve(SDK_KEY, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", checkout, "v-" + checkout)
                .boolFlag("aliceOnly", false, "v-others", new ConfigJson.Rule("Identifier",
                        ConfigJson.TextComparator.IS_ONE_OF, List.of("alice"), true, "v-alice"))
                .build());
    }

    void deploy(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url",
                cdn.baseUrl(), "configcat.polling-mode", "manual", "segment.write-key", WRITE_KEY,
                "segment.endpoint", segment.baseUrl(), "segment.flush-interval", "PT1S", "segment.flush-size", "1"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Caller.class, FromCaller.class, Flags.class,
                RequestConsistencyTest.Evaluations.class);
        app.select(ConfigCatClient.class).forceRefresh();
        // Built with the application's class loader, as a server builds its executors for the application.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(app.loader());
        try {
            executor = ManagedExecutor.builder().maxAsync(1).propagated(ThreadContext.ALL_REMAINING).build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The caller of a request: who logged in. */
    @RequestScoped
    public static class Caller {
        private String name;

        String name() {
            return name;
        }

        void name(String who) {
            name = who;
        }
    }

    /** The user is the request's caller; a thread without a request has none. */
    @ApplicationScoped
    public static class FromCaller implements FlagUserResolver {
        @Inject
        Caller caller;

        @Override
        public Optional<User> currentUser() {
            try {
                return Optional.ofNullable(caller.name()).map(name -> User.newBuilder().build(name));
            } catch (ContextNotActiveException e) {
                return Optional.empty();
            }
        }
    }

    /** Evaluates as {@code @FeatureFlag} does without {@code @FlagUser}: for the current user, in the request. */
    @ApplicationScoped
    public static class Flags {
        @Inject
        Requests requests;
        @Inject
        io.flagbridge.internal.users.CurrentUser users;

        boolean isOn(String key) {
            return requests.details(Boolean.class, key, users.get(), false).getValue();
        }
    }

    <T> T inRequestOf(String caller, Supplier<T> work) {
        RequestContextController request = app.select(RequestContextController.class);
        request.activate();
        try {
            app.select(Caller.class).name(caller);
            return work.get();
        } finally {
            request.deactivate();
        }
    }

    @Test
    void aTaskHandedToAManagedExecutorIsEvaluatedForTheRequestsUserAndSendsItsExposure() {
        deploy();
        Flags flags = app.select(Flags.class);
        boolean onTheWorker = inRequestOf("alice", () -> executor.supplyAsync(() -> flags.isOn("aliceOnly")).join());
        assertThat(onTheWorker).isTrue();
        List<JsonObject> tracks = segment.awaitMessages(2, Duration.ofSeconds(10)).stream()
                .filter(message -> message.get("type").getAsString().equals("track")).toList();
        assertThat(tracks).singleElement()
                .satisfies(track -> assertThat(track.get("userId").getAsString()).isEqualTo("alice"));
    }

    @Test
    void aRequestContextThatATaskActivatesIsStillTheRequestThatHandedItOn() {
        deploy();
        Flags flags = app.select(Flags.class);
        RequestContextController taskRequest = app.select(RequestContextController.class);
        List<Boolean> values = inRequestOf("alice", () -> {
            boolean first = flags.isOn("checkout");
            serve(false);
            app.select(ConfigCatClient.class).forceRefresh();
            return executor.supplyAsync(() -> {
                taskRequest.activate();
                try {
                    return List.of(first, flags.isOn("checkout"), flags.isOn("aliceOnly"));
                } finally {
                    taskRequest.deactivate();
                }
            }).join();
        });
        assertThat(values).containsExactly(true, true, true);
    }

    @Test
    void theRequestsFixedValuesTravelWithTheTask() {
        deploy();
        Flags flags = app.select(Flags.class);
        RequestConsistencyTest.Evaluations evaluations = app.select(RequestConsistencyTest.Evaluations.class);
        List<Boolean> values = inRequestOf("alice", () -> {
            boolean first = flags.isOn("checkout");
            serve(false);
            app.select(ConfigCatClient.class).forceRefresh();
            return List.of(first, executor.supplyAsync(() -> flags.isOn("checkout")).join());
        });
        assertThat(values).containsExactly(true, true);
        assertThat(evaluations.seen()).hasSize(1);
    }

    @Test
    void theThreadHasNeitherTheUserNorTheValuesAfterTheTask() throws InterruptedException {
        deploy();
        Flags flags = app.select(Flags.class);
        ThreadContext context = ThreadContext.builder().propagated(ThreadContext.ALL_REMAINING).cleared()
                .unchanged().build();
        List<Boolean> values = new CopyOnWriteArrayList<>();
        Runnable task = inRequestOf("alice", () -> context.contextualRunnable(() -> values.add(flags.isOn(
                "aliceOnly"))));
        Thread worker = new Thread(() -> {
            task.run();
            values.add(flags.isOn("aliceOnly"));
        });
        worker.start();
        worker.join();
        assertThat(values).containsExactly(true, false);
    }

    @Test
    void withoutTheProviderTheTaskHasNoUser() {
        deploy();
        Flags flags = app.select(Flags.class);
        ManagedExecutor withoutFlagBridge = ManagedExecutor.builder().maxAsync(1).propagated(ThreadContext.NONE)
                .cleared(ThreadContext.ALL_REMAINING).build();
        try {
            assertThat(inRequestOf("alice", () -> withoutFlagBridge.supplyAsync(() -> flags.isOn("aliceOnly"))
                    .join())).isFalse();
        } finally {
            withoutFlagBridge.shutdownNow();
        }
    }

    /** What a Jakarta Concurrency 3 server does with the provider: capture on the request, begin and end on a worker. */
    @Test
    void aJakartaConcurrencySnapshotCarriesTheRequestToAnotherThreadUntilItEnds() throws InterruptedException {
        deploy();
        Flags flags = app.select(Flags.class);
        ConcurrencyContextProvider provider = new ConcurrencyContextProvider();
        jakarta.enterprise.concurrent.spi.ThreadContextSnapshot snapshot = inRequestOf("alice",
                () -> provider.currentContext(Map.of()));
        jakarta.enterprise.concurrent.spi.ThreadContextSnapshot cleared = provider.clearedContext(Map.of());
        List<Boolean> values = new CopyOnWriteArrayList<>();
        Thread worker = new Thread(() -> {
            jakarta.enterprise.concurrent.spi.ThreadContextRestorer restorer = snapshot.begin();
            values.add(flags.isOn("aliceOnly"));
            jakarta.enterprise.concurrent.spi.ThreadContextRestorer none = cleared.begin();
            values.add(flags.isOn("aliceOnly"));
            none.endContext();
            values.add(flags.isOn("aliceOnly"));
            restorer.endContext();
            values.add(flags.isOn("aliceOnly"));
        });
        worker.start();
        worker.join();
        assertThat(values).containsExactly(true, false, true, false);
    }

    @Test
    void theProviderNamesItsContextType() {
        assertThat(new MicroProfileContextProvider().getThreadContextType()).isEqualTo("FlagBridge");
        assertThat(new ConcurrencyContextProvider().getThreadContextType()).isEqualTo("FlagBridge");
    }
}
