package io.flagbridge.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.RequestHeader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as {@code -Prun} starts it: its flags in an editable file, re-read when it changes.
 */
@ExtendWith(FlagFileChangeTest.FlagFile.class) // before @FlagBridgeTest's container starts
@FlagBridgeTest(beans = { ShopResource.class, DemoUser.class })
@RequestHeader(name = "X-User", value = "ann@example.com")
class FlagFileChangeTest {

    static Path file;

    @Inject
    ShopResource shop;

    @Inject
    RecordedSegment segment;

    @Test
    void anEditInPlaceChangesTheBanner() throws Exception {
        assertThat(shop.banner()).isEqualTo("Free shipping this week!");
        // In place (same file, new content), as the README says: ConfigCat's watcher sees modifications only.
        edit("Free shipping this week!", "Half price today");
        await("the banner from the edited file").atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> shop.banner().equals("Half price today"));
    }

    /**
     * ConfigCat fires no {@code configChanged} hook when it re-reads a local flag file; FlagBridge reports the edit
     * itself (SDK source): one edit of the 50/50 split, one "Feature Flag Changed" for {@code newCheckout}.
     */
    @Test
    void anEditInPlaceSendsFeatureFlagChanged() throws Exception {
        assertThat(shop.banner()).isNotBlank();
        String flags = Files.readString(file);
        assertThat(flags).contains("\"p\": 50, \"v\": {\"b\": true}").contains("\"p\": 50, \"v\": {\"b\": false}");
        Files.writeString(file, flags.replace("\"p\": 50, \"v\": {\"b\": true}", "\"p\": 80, \"v\": {\"b\": true}")
                .replace("\"p\": 50, \"v\": {\"b\": false}", "\"p\": 20, \"v\": {\"b\": false}"));
        List<String> changed = segment.awaitTracks("Feature Flag Changed", 1, Duration.ofSeconds(20));
        assertThat(changed).singleElement().asString().contains("newCheckout").contains("percentage options changed");
    }

    private static void edit(String from, String to) throws Exception {
        String flags = Files.readString(file);
        assertThat(flags).contains(from);
        Files.writeString(file, flags.replace(from, to));
    }

    /** Points the demo's configuration at a copy of its flag file, with auto-reload, for this class only. */
    static class FlagFile implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            file = Files.createTempFile("demo-flags", ".json");
            try (var in = FlagFileChangeTest.class.getResourceAsStream("/demo-flags.json")) {
                Files.write(file, in.readAllBytes());
            }
            System.setProperty("configcat.overrides.file", file.toString());
            System.setProperty("configcat.overrides.resource", "");
            System.setProperty("configcat.overrides.auto-reload", "true");
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            System.clearProperty("configcat.overrides.file");
            System.clearProperty("configcat.overrides.resource");
            System.clearProperty("configcat.overrides.auto-reload");
            Files.deleteIfExists(file);
        }
    }
}
