package io.flagbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.QuickStart;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/testing.md's "A test of the quick start", added to the README's quick start as a newcomer adds it (the pom.xml
 * fragments pasted, the test written) and run by {@code mvn test} against FlagBridge's installed artifacts: it must
 * compile and pass as written.
 */
class QuickStartTestOnWeldIT {

    @Test
    void theDocumentedTestOfTheQuickStartCompilesAndPasses() throws IOException {
        Path project = QuickStart.test();
        Path reports = project.resolve("target/surefire-reports");
        List<String> summaries;
        try (Stream<Path> files = Files.list(reports)) {
            summaries = files.filter(file -> file.getFileName().toString().endsWith(".txt")).map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        assertThat(summaries).singleElement().asString().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0")
                .contains("com.example.shop.ShopResourceTest");
    }
}
