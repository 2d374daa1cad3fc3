package io.flagbridge.openfeature.internal;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.LayeredEvaluationContext;
import dev.openfeature.sdk.MutableContext;
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

    @Test
    void immutableLayersAreRecognisedByIdentityAndAMutableOrHookLayerIsNot() {
        ImmutableContext client = new ImmutableContext(Map.of("country", new Value("NL")));
        LayeredEvaluationContext layered = new LayeredEvaluationContext(EMPTY, null, client, ANN);

        EvaluationContext[] layers = LayeredContexts.immutableLayers(layered);

        assertThat(layers).containsExactly(EMPTY, null, client, ANN);
        assertThat(LayeredContexts.hasLayers(new LayeredEvaluationContext(EMPTY, null, client, ANN), layers)).isTrue();
        assertThat(LayeredContexts.hasLayers(new LayeredEvaluationContext(EMPTY, null, client,
                new ImmutableContext("ann", Map.of("email", new Value("ann@example.com")))), layers))
                .as("an equal invocation context made anew").isFalse();
        assertThat(LayeredContexts.hasLayers(new LayeredEvaluationContext(EMPTY, null, client, ANN)
                .merge(new ImmutableContext("bob")), layers)).as("a hook's layer").isFalse();
        assertThat(LayeredContexts.hasLayers(ANN, layers)).isFalse();
        assertThat(LayeredContexts.immutableLayers(new LayeredEvaluationContext(EMPTY, null,
                new MutableContext("ann"), ANN))).isNull();
        assertThat(LayeredContexts.immutableLayers(layered.merge(new ImmutableContext("bob")))).isNull();
        assertThat(LayeredContexts.immutableLayers(ANN)).isNull();
    }
}
