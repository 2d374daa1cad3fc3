package io.flagbridge.openfeature.internal;

import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigCat's error texts (9.x) as OpenFeature's codes, and which hook errors are fetch failures. */
class ResultsTest {

    @Test
    void configCatsErrorTextsBecomeOpenFeaturesCodes() {
        assertThat(Results.code("Failed to evaluate setting 'x' (the key was not found in config JSON). Returning "
                + "the `defaultValue` parameter that you specified in your application: 'false'. Available keys: "
                + "['on']."))
                .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(Results.code("Error occurred in the `getValueDetails` method while evaluating setting 'plan'. "
                + "(java.lang.IllegalArgumentException: The type of a setting must match the type of the specified "
                + "default value. Setting's type was {STRING})"))
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(Results.code("Config JSON is not present when evaluating setting 'on'. Returning the "
                + "`defaultValue` parameter that you specified in your application: 'false'."))
                .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
        assertThat(Results.code("Something ConfigCat 9.x does not say today.")).isEqualTo(ErrorCode.GENERAL);
    }

    @Test
    void fetchFailuresAreToldFromEvaluationErrors() {
        assertThat(Results.isFetchFailure("Unexpected HTTP response was received while trying to fetch config JSON: "
                + "500 Server Error")).isTrue();
        assertThat(Results.isFetchFailure("Your SDK Key seems to be wrong. You can find the valid SDK Key at "
                + "https://app.configcat.com/sdkkey. Received unexpected response: 403")).isTrue();
        assertThat(Results.isFetchFailure("Request timed out while trying to fetch config JSON.")).isTrue();
        assertThat(Results.isFetchFailure("Failed to evaluate setting 'x' (the key was not found in config JSON). "
                + "Returning the `defaultValue` parameter")).isFalse();
        assertThat(Results.isFetchFailure("Error occurred in the `getValueDetails` method while evaluating setting "
                + "'plan'.")).isFalse();
        assertThat(Results.isFetchFailure(null)).isFalse();
    }
}
