package io.flagbridge.openfeature.gherkin;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.FlagEvaluationOptions;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of the older {@code evaluation.feature} (tagged {@code @deprecated} by the specification, still run). */
public class LegacySteps {

    private final World world;
    private Object value;
    private FlagEvaluationDetails<?> details;
    private Object fallback;
    private final MutableContext context = new MutableContext();
    private String contextAwareFallback;

    public LegacySteps(World world) {
        this.world = world;
    }

    // "a boolean flag ... "false"", "an integer flag ... 1": one step per kind of call, the type a parameter.
    @When("^an? (boolean|string|integer|float) flag with key \"([^\"]*)\" is evaluated with default value \"?([^\"]*)\"?$")
    public void aFlagIsEvaluated(String type, String key, String fallback) {
        value = FlagType.of(type).value(world.client(), key, fallback);
    }

    @When("an object flag with key {string} is evaluated with a null default value")
    public void anObjectFlag(String key) {
        value = world.client().getObjectValue(key, new Value());
    }

    @Then("^the resolved (boolean|string|integer|float) value should be \"?([^\"]*)\"?$")
    public void theResolvedValue(String type, String expected) {
        assertThat(FlagType.of(type).same(value, expected)).as("resolved %s, expected %s", value, expected).isTrue();
    }

    @Then("the resolved object value should be contain fields {string}, {string}, and {string}, with values {string}, {string} and {int}, respectively")
    public void theResolvedObjectValue(String bool, String text, String number, String boolValue, String textValue,
            int numberValue) {
        assertFields((Value) value, bool, text, number, boolValue, textValue, numberValue);
    }

    @When("^an? (boolean|string|integer|float) flag with key \"([^\"]*)\" is evaluated with details and default value \"?([^\"]*)\"?$")
    public void aFlagIsEvaluatedWithDetails(String type, String key, String fallback) {
        details = FlagType.of(type).evaluate(world.client(), key, fallback, new ImmutableContext(),
                FlagEvaluationOptions.EMPTY);
    }

    @When("an object flag with key {string} is evaluated with details and a null default value")
    public void anObjectFlagWithDetails(String key) {
        details = world.client().getObjectDetails(key, new Value());
    }

    @Then("^the resolved (boolean|string|integer|float) details value should be \"?([^\",]*)\"?, the variant should be \"([^\"]*)\", and the reason should be \"([^\"]*)\"$")
    public void theResolvedDetails(String type, String expected, String variant, String reason) {
        assertThat(FlagType.of(type).same(details.getValue(), expected)).as("%s", details).isTrue();
        assertThat(details.getVariant()).as("%s", details).isEqualTo(variant);
        assertThat(details.getReason()).as("%s", details).isEqualTo(reason);
    }

    @Then("the resolved object details value should be contain fields {string}, {string}, and {string}, with values {string}, {string} and {int}, respectively")
    public void theResolvedObjectDetails(String bool, String text, String number, String boolValue,
            String textValue, int numberValue) {
        assertFields((Value) details.getValue(), bool, text, number, boolValue, textValue, numberValue);
    }

    @Then("the variant should be {string}, and the reason should be {string}")
    public void theVariantAndReason(String variant, String reason) {
        assertThat(details.getVariant()).isEqualTo(variant);
        assertThat(details.getReason()).as("%s", details).isEqualTo(reason);
    }

    @When("context contains keys {string}, {string}, {string}, {string} with values {string}, {string}, {int}, {string}")
    public void contextContainsKeys(String first, String second, String third, String fourth, String firstValue,
            String secondValue, int thirdValue, String fourthValue) {
        context.add(first, firstValue);
        context.add(second, secondValue);
        context.add(third, thirdValue);
        context.add(fourth, Boolean.parseBoolean(fourthValue));
    }

    @When("a flag with key {string} is evaluated with default value {string}")
    public void aFlagWithContext(String key, String fallback) {
        contextAwareFallback = fallback;
        details = world.client().getStringDetails(key, fallback, context);
    }

    @Then("the resolved string response should be {string}")
    public void theResolvedStringResponse(String expected) {
        assertThat(details.getValue()).as("%s", details).isEqualTo(expected);
    }

    @Then("the resolved flag value is {string} when the context is empty")
    public void theResolvedFlagValueWhenTheContextIsEmpty(String expected) {
        assertThat(world.client().getStringValue(details.getFlagKey(), contextAwareFallback,
                new ImmutableContext())).isEqualTo(expected);
    }

    @When("a non-existent string flag with key {string} is evaluated with details and a fallback value {string}")
    public void aNonExistentStringFlag(String key, String fallback) {
        this.fallback = fallback;
        details = world.client().getStringDetails(key, fallback);
    }

    @Then("the default string value should be returned")
    public void theDefaultStringValueShouldBeReturned() {
        assertThat(details.getValue()).isEqualTo(fallback);
    }

    @Then("the reason should indicate an error and the error code should indicate a missing flag with {string}")
    public void aMissingFlag(String code) {
        assertError(code);
    }

    @When("a string flag with key {string} is evaluated as an integer, with details and a fallback value {int}")
    public void aStringFlagAsAnInteger(String key, int fallback) {
        this.fallback = fallback;
        details = world.client().getIntegerDetails(key, fallback);
    }

    @Then("the default integer value should be returned")
    public void theDefaultIntegerValueShouldBeReturned() {
        assertThat(details.getValue()).isEqualTo(fallback);
    }

    @Then("the reason should indicate an error and the error code should indicate a type mismatch with {string}")
    public void aTypeMismatch(String code) {
        assertError(code);
    }

    private void assertError(String code) {
        assertThat(details.getReason()).isEqualTo(Reason.ERROR.name());
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.valueOf(code));
    }

    private static void assertFields(Value value, String bool, String text, String number, String boolValue,
            String textValue, int numberValue) {
        assertThat(value).isNotNull();
        Structure structure = value.asStructure();
        assertThat(structure).as("%s", value).isNotNull();
        assertThat(structure.getValue(bool).asBoolean()).isEqualTo(Boolean.parseBoolean(boolValue));
        assertThat(structure.getValue(text).asString()).isEqualTo(textValue);
        assertThat(structure.getValue(number).asInteger()).isEqualTo(numberValue);
    }
}
