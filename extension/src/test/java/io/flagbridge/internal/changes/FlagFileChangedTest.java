package io.flagbridge.internal.changes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;
import com.configcat.Setting;
import com.google.gson.JsonObject;

import io.flagbridge.FlagChanged;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.sdk.FlagSources;
import io.flagbridge.testing.ConfigJson;
import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.Fakes;
import io.flagbridge.testing.Fakes.Fake;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edit of the local flag file ({@code configcat.overrides.file}, auto-reload) is a change like a new remote config:
 * FlagChanged (source SDK) and, with {@code segment.changed.source=sdk}, Segment's "Feature Flag Changed", for the
 * flags whose served setting the edit changed under the override behaviour.
 */
@ExtendWith(Fakes.class)
class FlagFileChangedTest {

    static final String KEY = "configcat-sdk-1/flagbridge-filechg-001/0123456789abcdefghijkl";

    @TempDir
    Path dir;
    Path file;
    @Fake
    FakeSegment segment;
    @Fake
    FakeConfigCatCdn cdn;
    @Fake
    WeldApp app;

    @BeforeEach
    void startFakes() {
        file = dir.resolve("flags.json");
        Changes.SEEN.clear();
    }

    @ApplicationScoped
    public static class Changes {
        static final List<FlagChanged> SEEN = new CopyOnWriteArrayList<>();

        void sync(@Observes FlagChanged change) {
            SEEN.add(change);
        }
    }

    void start(String behaviour, String... more) {
        Map<String, String> config = new HashMap<>(Map.of("configcat.overrides.file", file.toString(),
                "configcat.overrides.behaviour", behaviour, "configcat.overrides.auto-reload", "true",
                "segment.write-key", "file-changes-write-key", "segment.endpoint", segment.baseUrl(),
                "segment.flush-size", "1", "segment.flush-interval", "PT1S", "segment.changed.source", "sdk"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        app = WeldApp.start(config, Changes.class);
    }

    void startWithRemote(String behaviour, String remote) {
        cdn.serve(KEY, remote);
        start(behaviour, "configcat.sdk-key", KEY, "configcat.base-url", cdn.baseUrl(), "configcat.polling-mode",
                "manual");
        app.select(ConfigCatClient.class).forceRefresh();
    }

    List<FlagChanged> awaitChanges(int count) {
        return Eventually.until(() -> List.copyOf(Changes.SEEN), seen -> seen.size() >= count);
    }

    List<JsonObject> awaitTracks(int count) {
        return Eventually.until(() -> segment.tracks("Feature Flag Changed"), tracks -> tracks.size() >= count);
    }

    @Test
    void localOnlyAnEditSendsFlagChangedAndFeatureFlagChanged() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":false,\"plan\":\"basic\"}}");
        start("local-only");
        ConfigCatClient client = app.select(ConfigCatClient.class);
        assertThat(client.getValue(Boolean.class, "checkout", true)).isFalse();

        Files.writeString(file, "{\"flags\":{\"checkout\":true,\"plan\":\"basic\"}}");

        assertThat(awaitChanges(1)).as("FlagChanged for the edited flag only").singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo("checkout");
            assertThat(change.kind()).isEqualTo(FlagChanged.Kind.CHANGED);
            assertThat(change.source()).isEqualTo(FlagChanged.Source.SDK);
            assertThat(change.details()).isEqualTo("default value: false -> true");
        });
        assertThat(awaitTracks(1)).singleElement().satisfies(track -> assertThat(track.getAsJsonObject("properties")
                .get("details").getAsString()).isEqualTo("checkout: default value: false -> true"));
        assertThat(client.getValue(Boolean.class, "checkout", false)).isTrue();
    }

    /**
     * An editor's "safe write", {@code sed -i} and most deployment tools write a new file and rename it over the old
     * one: the directory then sees the file created, not modified.
     */
    @Test
    void aFileReplacedByRenameCountsAsAnEdit() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":false}}");
        start("local-only");
        ConfigCatClient client = app.select(ConfigCatClient.class);
        assertThat(client.getValue(Boolean.class, "checkout", true)).isFalse();

        Path written = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"),
                "{\"flags\":{\"checkout\":true}}");
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(awaitChanges(1)).singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo("checkout");
            assertThat(change.details()).isEqualTo("default value: false -> true");
        });
        assertThat(client.getValue(Boolean.class, "checkout", false)).isTrue();
    }

    @Test
    void anEditThatChangesNothingServedSendsNothing() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":false}}");
        start("local-only");
        SegmentStats stats = app.select(SegmentStats.class);
        FlagSources.FlagSource flags = FlagSources.of(app.select(ConfigCatClient.class))
                .orElseThrow();
        Setting read = flags.settings().get("checkout");

        Files.writeString(file, "{ \"flags\" : { \"checkout\" : false } }\n"); // other bytes, the same flags
        // Each re-read of a simple file puts new settings in: this is the no-op's own re-read, not merged with the next.
        assertThat(Eventually.until(() -> flags.settings().get("checkout"), setting -> setting != read))
                .as("the no-op edit re-read").isNotSameAs(read);
        assertThat(Changes.SEEN).isEmpty();

        Files.writeString(file, "{\"flags\":{\"checkout\":false,\"added\":1}}");
        assertThat(awaitChanges(1)).singleElement().satisfies(change -> {
            assertThat(change.key()).isEqualTo("added");
            assertThat(change.kind()).isEqualTo(FlagChanged.Kind.ADDED);
        });
        // A track of the no-op would have been queued before this edit's: with this one at Segment and nothing
        // pending, it would be there too.
        awaitTracks(1);
        assertThat(Eventually.until(stats::pending, pending -> pending == 0)).as("pending").isZero();
        assertThat(segment.tracks("Feature Flag Changed")).singleElement().satisfies(track -> assertThat(track
                .getAsJsonObject("properties").get("details").getAsString()).isEqualTo("added: added; default value: 1"));
        assertThat(Changes.SEEN).hasSize(1);
    }

    @Test
    void localOverRemoteRemovingALocalFlagServesTheRemoteOneAgain() throws Exception {
        // The full config form: ConfigCat keeps a removed flag of a simple {"flags":{...}} file until a restart.
        Files.writeString(file, ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", true, "v-local-on").build());
        startWithRemote("local-over-remote", ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", false, "v-off")
                .textFlag("plan", "basic", "v-basic").build());
        ConfigCatClient client = app.select(ConfigCatClient.class);
        assertThat(client.getValue(Boolean.class, "checkout", false)).isTrue();

        Files.writeString(file, ConfigJson.forCdn(cdn.baseUrl()).intFlag("other", 1, "v-1").build());

        List<FlagChanged> changes = awaitChanges(2);
        assertThat(changes).extracting(FlagChanged::key).containsExactlyInAnyOrder("checkout", "other");
        assertThat(changes).filteredOn(change -> change.key().equals("checkout")).singleElement().satisfies(change -> {
            assertThat(change.kind()).as("the flag is still there: the remote one").isEqualTo(FlagChanged.Kind.CHANGED);
            assertThat(change.details()).startsWith("default value: true -> false");
        });
        assertThat(client.getValue(Boolean.class, "checkout", true)).isFalse();
    }

    @Test
    void aFileConfigCatCannotReadIsLoggedAndTheNextEditStillCounts() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":false}}");
        try (LogCapture log = LogCapture.of("io.flagbridge")) {
            start("local-only");
            // ConfigCat 9.4.3 reads an empty simple file as a full config and throws on its watcher thread.
            Files.writeString(file, "{\"flags\":{}}");
            assertThat(Eventually.until(() -> log.lines(), lines -> lines.stream()
                    .anyMatch(line -> line.startsWith("FLAGBRIDGE-0079")))).anySatisfy(line -> assertThat(line)
                            .startsWith("FLAGBRIDGE-0079: ConfigCat could not read the edited flag file " + file));
            Files.writeString(file, "{\"flags\":{\"checkout\":true}}");
            assertThat(awaitChanges(1)).as("the watcher still runs").singleElement()
                    .extracting(FlagChanged::key).isEqualTo("checkout");
        }
    }

    @Test
    void remoteOverLocalOnlyFlagsTheRemoteConfigLacksCount() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":true,\"localOnly\":\"a\"}}");
        startWithRemote("remote-over-local", ConfigJson.forCdn(cdn.baseUrl()).boolFlag("checkout", false, "v-off")
                .build());

        Files.writeString(file, "{\"flags\":{\"checkout\":false,\"localOnly\":\"b\"}}");

        assertThat(awaitChanges(1)).as("checkout is served from the remote config, whatever the file says")
                .singleElement().satisfies(change -> {
                    assertThat(change.key()).isEqualTo("localOnly");
                    assertThat(change.details()).isEqualTo("default value: \"a\" -> \"b\"");
                });
    }

    @Test
    void theWatchEndsWithTheApplication() throws Exception {
        Files.writeString(file, "{\"flags\":{\"checkout\":false}}");
        List<String> before = liveThreads();
        start("local-only");
        app.close();
        app = null;
        List<String> left = Eventually.until(() -> liveThreads().stream().filter(name -> !before.contains(name))
                .filter(name -> name.startsWith("flagbridge-") || name.contains("Watch")).toList(), List::isEmpty);
        assertThat(left).as("threads left after the application stopped").isEmpty();
    }

    static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
