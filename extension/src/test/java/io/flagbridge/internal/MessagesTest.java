package io.flagbridge.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void everyCodeOfTheExtensionIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(Messages.class, Path.of("src/main/java"), new int[] { 1, 99 }, new int[] { 400, 449 },
                new int[] { 500, 519 });
    }

    @Test
    void theReadmeListsEveryCodeOfTheExtension() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream()
                .filter(code -> code < 100 || (code >= 400 && code <= 519)))
                .containsExactlyElementsOf(MessageCatalogue.codes(Messages.class).keySet());
    }
}
