package io.flagbridge.openfeature.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.Value;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK's layered context, unwrapped only when the invocation context is all there is. */
class LayeredContextsTest {

    static final ImmutableContext EMPTY = new ImmutableContext();
    static final ImmutableContext ANN = new ImmutableContext("ann", Map.of("email", new Value("ann@example.com")));

    @Test
    void theSdksFieldsAreThere() {
        assertThat(LayeredContexts.available()).isTrue();
    }

    @Test
    void theInvocationContextAloneIsUnwrapped() {
        LayeredEvaluationContext layered = new LayeredEvaluationContext(EMPTY, EMPTY, null, ANN);

        assertThat(LayeredContexts.unwrap(layered)).isSameAs(ANN);
    }

    @Test
    void anotherLayerWithAttributesKeepsTheLayeredContext() {
        ImmutableContext client = new ImmutableContext(Map.of("country", new Value("NL")));
        LayeredEvaluationContext layered = new LayeredEvaluationContext(EMPTY, EMPTY, client, ANN);

        assertThat(LayeredContexts.unwrap(layered)).isSameAs(layered);
        assertThat(LayeredContexts.unwrap(ANN)).isSameAs(ANN);
    }
}
