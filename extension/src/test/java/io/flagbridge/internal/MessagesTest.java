package io.flagbridge.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void everyCodeOfTheExtensionIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(Messages.class, 1, 99, Path.of("src/main/java"));
    }

    @Test
    void theReadmeListsEveryCodeOfTheExtension() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream().filter(code -> code < 100))
                .containsExactlyElementsOf(MessageCatalogue.codes(Messages.class).keySet());
    }
}
