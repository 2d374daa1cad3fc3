package io.flagbridge.interceptor.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.MessageCatalogue;

import static org.assertj.core.api.Assertions.assertThat;

class InterceptorMessagesTest {

    @Test
    void everyCodeOfTheInterceptorIsOneProblemInItsRangeAndUsed() {
        MessageCatalogue.check(InterceptorMessages.class, 100, 199, Path.of("src/main/java"));
    }

    @Test
    void theReadmeListsEveryCodeOfTheInterceptor() {
        assertThat(MessageCatalogue.readmeCodes(Path.of("../docs/message-codes.md")).stream()
                .filter(code -> code >= 100 && code < 200))
                .containsExactlyElementsOf(MessageCatalogue.codes(InterceptorMessages.class).keySet());
    }
}
