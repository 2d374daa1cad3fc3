package io.flagbridge.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void everyCodeOfTheExtensionIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(Messages.class, 1, 599, Path.of("src/main/java"));
        // 0100-0399 belong to the interceptor, the test kit and OpenFeature
        assertThat(MessageCatalogue.codes(Messages.class).keySet()).noneMatch(code -> code >= 100 && code < 400);
    }

    @Test
    void theReadmeListsEveryCodeOfTheExtension() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream()
                .filter(code -> code < 100 || code >= 400))
                .containsExactlyElementsOf(MessageCatalogue.codes(Messages.class).keySet());
    }
}
