package io.flagbridge.test.kit;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.internal.Messages;
import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class KitMessagesTest {

    @Test
    void everyCodeOfTheKitIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(Messages.class, 200, 299, Path.of("src/main/java"));
    }

    @Test
    void theReadmeListsEveryCodeOfTheKit() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream().filter(code -> code >= 200
                && code < 300)).containsExactlyElementsOf(MessageCatalogue.codes(Messages.class).keySet());
    }
}
