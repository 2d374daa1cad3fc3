package io.flagbridge.openfeature.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class OpenFeatureMessagesTest {

    @Test
    void everyCodeOfTheOpenFeatureModuleIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(OpenFeatureMessages.class, 300, 399, Path.of("src/main/java"));
    }

    @Test
    void theReadmeListsEveryCodeOfTheOpenFeatureModule() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream()
                .filter(code -> code >= 300 && code < 400))
                .containsExactlyElementsOf(MessageCatalogue.codes(OpenFeatureMessages.class).keySet());
    }
}
