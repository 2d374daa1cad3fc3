package io.flagbridge.internal.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.configcat.ConfigCatClient;

import io.flagbridge.testing.Eventually;
import io.flagbridge.testing.LogCapture;
import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;

/** Two applications in one JVM (as on one server): each FlagBridge line says which application it is about. */
class TwoApplicationsTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of("io.flagbridge");

    @TempDir
    Path folder;

    WeldApp shop;
    WeldApp admin;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @ApplicationScoped
    public static class Flags {
        @Inject
        ConfigCatClient client;
    }

    @Test
    void warningsAtDeploymentAndOnFlagBridgesOwnThreadsNameTheirApplication() throws Exception {
        Path shopFlags = Files.writeString(folder.resolve("shop.json"), "{\"flags\":{\"checkout\":true}}");
        Path adminFlags = Files.writeString(folder.resolve("admin.json"), "{\"flags\":{\"audit\":true}}");
        shop = WeldApp.start(Map.of("configcat.overrides.file", shopFlags.toString(), "configcat.overrides.behaviour",
                "local-only", "configcat.overrides.auto-reload", "true", "flagbridge.application-name", "shop",
                "segment.flush-intervall", "PT1S"), Flags.class);
        admin = WeldApp.start(Map.of("configcat.overrides.file", adminFlags.toString(),
                "configcat.overrides.behaviour", "local-only", "configcat.overrides.auto-reload", "true",
                "flagbridge.application-name", "admin", "segment.flush-intervall", "PT1S"), Flags.class);

        assertThat(log.coded("FLAGBRIDGE-0401")).containsExactly(
                "FLAGBRIDGE-0401: segment.flush-intervall is not a FlagBridge configuration key and is ignored; did "
                        + "you mean segment.flush-interval? [application 'shop']",
                "FLAGBRIDGE-0401: segment.flush-intervall is not a FlagBridge configuration key and is ignored; did "
                        + "you mean segment.flush-interval? [application 'admin']");
        // The start line names its application already: not twice.
        assertThat(log.coded("FLAGBRIDGE-0400")).allSatisfy(line -> assertThat(line).doesNotContain("[application"));

        // On ConfigCat's flag file watcher thread: the edit ConfigCat cannot read (an empty simple file).
        Files.writeString(adminFlags, "{\"flags\":{}}");
        List<String> unread = Eventually.until(() -> log.coded("FLAGBRIDGE-0079"), lines -> !lines.isEmpty());
        // One write can reach the watcher as two events (the file emptied, then written): each re-read is one line.
        assertThat(unread).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("FLAGBRIDGE-0079: ConfigCat "
                + "could not read the edited flag file " + adminFlags).endsWith(" [application 'admin']"));
    }
}
