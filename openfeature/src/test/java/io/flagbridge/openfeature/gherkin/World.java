package io.flagbridge.openfeature.gherkin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.Dependent;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.WeldApp;

import static org.awaitility.Awaitility.await;

/**
 * One scenario's world: a FlagBridge application on Weld SE (FlagBridge, its OpenFeature module, {@code @Inject
 * Client}) against a fake ConfigCat CDN on 127.0.0.1 that serves the specification's flags translated into ConfigCat's
 * config JSON ({@code openfeature-gherkin/configcat-flags.json}). A provider of each state the suites name is a real
 * FlagBridge provider in that state, never a stand-in. Started on first use, closed after the scenario.
 */
public final class World {

    static final String SDK_KEY = "configcat-sdk-1/flagbridge-gherkin-key/secret-part-of-key-001";
    static final String FLAGS = "openfeature-gherkin/configcat-flags.json";

    /** The provider states the suites ask for ("Given a ... provider"). */
    enum Kind {
        /** The CDN serves the flags: READY. */
        STABLE,
        /** The CDN holds its answer beyond {@code configcat.max-init-wait}: no config data and no error yet. */
        NOT_READY,
        /** The CDN answers 500: no config data. */
        ERROR,
        /** The CDN does not know the SDK key (404, as ConfigCat's CDN answers a wrong key). */
        FATAL,
        /** The CDN served the flags, then failed (500) on a refresh. */
        STALE
    }

    /** A bean, so that Weld SE (discovery off) has one. */
    @Dependent
    public static class Anchor {
    }

    private Kind kind = Kind.STABLE;
    private FakeConfigCatCdn cdn;
    private WeldApp app;
    private Client client;

    /** The ConfigCat users that the application's evaluations ran for (ConfigCat's own hook), newest last. */
    final List<User> evaluatedUsers = new CopyOnWriteArrayList<>();

    /** The flag a scenario evaluates, and its fallback value as the feature file writes it. */
    FlagType type;
    String key;
    String fallback;
    /** The invocation context the steps build ("a context containing ..."). */
    MutableContext context = new MutableContext();
    /** The last evaluation's details. */
    FlagEvaluationDetails<?> details;

    /** Adds an entry to the invocation context (MutableContext takes no {@code Value} of its own). */
    void contextEntry(String name, Value value) {
        Map<String, Value> entries = context.asMap();
        entries.put(name, value);
        context = new MutableContext(context.getTargetingKey(), entries);
    }

    /** Asks for a provider of this kind: an application of another kind is closed, the next use starts one. */
    void provider(Kind wanted) {
        if (app != null && kind != wanted) {
            close();
        }
        kind = wanted;
    }

    Client client() {
        if (app == null) {
            start();
        }
        return client;
    }

    OpenFeatureAPI api() {
        client();
        return app.select(OpenFeatureAPI.class);
    }

    private void start() {
        cdn = FakeConfigCatCdn.start();
        if (kind != Kind.FATAL && kind != Kind.ERROR) {
            cdn.serve(SDK_KEY, flags());
        }
        if (kind == Kind.ERROR) {
            cdn.failWith(500);
        }
        if (kind == Kind.NOT_READY) {
            cdn.hold();
        }
        Map<String, String> config = new HashMap<>(Map.of("configcat.sdk-key", SDK_KEY, "configcat.base-url",
                cdn.baseUrl() + "/", "configcat.polling-mode", "auto", "configcat.poll-interval", "3600",
                "configcat.max-init-wait", kind == Kind.NOT_READY ? "1" : "10"));
        app = WeldApp.start(config, Anchor.class);
        app.select(ConfigCatClient.class).getHooks()
                .addOnFlagEvaluated(evaluation -> evaluatedUsers.add(evaluation.getUser()));
        client = app.select(Client.class);
        if (kind == Kind.STALE) {
            cdn.failWith(500);
            app.select(ConfigCatClient.class).forceRefresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.getProviderState() == ProviderState.STALE);
        }
    }

    static String flags() {
        try (InputStream in = World.class.getClassLoader().getResourceAsStream(FLAGS)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the application, then the CDN (a held answer is let go first, so the client's thread ends). */
    void close() {
        if (cdn != null) {
            cdn.release();
        }
        if (app != null) {
            app.close();
            app = null;
            client = null;
        }
        if (cdn != null) {
            cdn.close();
            cdn = null;
        }
    }
}
