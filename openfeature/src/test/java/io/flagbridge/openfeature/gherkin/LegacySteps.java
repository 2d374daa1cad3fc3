package io.flagbridge.openfeature.gherkin;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
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

    @When("a boolean flag with key {string} is evaluated with default value {string}")
    public void aBooleanFlag(String key, String fallback) {
        value = world.client().getBooleanValue(key, Boolean.parseBoolean(fallback));
    }

    @When("a string flag with key {string} is evaluated with default value {string}")
    public void aStringFlag(String key, String fallback) {
        value = world.client().getStringValue(key, fallback);
    }

    @When("an integer flag with key {string} is evaluated with default value {int}")
    public void anIntegerFlag(String key, int fallback) {
        value = world.client().getIntegerValue(key, fallback);
    }

    @When("a float flag with key {string} is evaluated with default value {double}")
    public void aFloatFlag(String key, double fallback) {
        value = world.client().getDoubleValue(key, fallback);
    }

    @When("an object flag with key {string} is evaluated with a null default value")
    public void anObjectFlag(String key) {
        value = world.client().getObjectValue(key, new Value());
    }

    @Then("the resolved boolean value should be {string}")
    public void theResolvedBooleanValue(String expected) {
        assertThat(value).isEqualTo(Boolean.parseBoolean(expected));
    }

    @Then("the resolved string value should be {string}")
    public void theResolvedStringValue(String expected) {
        assertThat(value).isEqualTo(expected);
    }

    @Then("the resolved integer value should be {int}")
    public void theResolvedIntegerValue(int expected) {
        assertThat(value).isEqualTo(expected);
    }

    @Then("the resolved float value should be {double}")
    public void theResolvedFloatValue(double expected) {
        assertThat(value).isEqualTo(expected);
    }

    @Then("the resolved object value should be contain fields {string}, {string}, and {string}, with values {string}, {string} and {int}, respectively")
    public void theResolvedObjectValue(String bool, String text, String number, String boolValue, String textValue,
            int numberValue) {
        assertFields((Value) value, bool, text, number, boolValue, textValue, numberValue);
    }

    @When("a boolean flag with key {string} is evaluated with details and default value {string}")
    public void aBooleanFlagWithDetails(String key, String fallback) {
        details = world.client().getBooleanDetails(key, Boolean.parseBoolean(fallback));
    }

    @When("a string flag with key {string} is evaluated with details and default value {string}")
    public void aStringFlagWithDetails(String key, String fallback) {
        details = world.client().getStringDetails(key, fallback);
    }

    @When("an integer flag with key {string} is evaluated with details and default value {int}")
    public void anIntegerFlagWithDetails(String key, int fallback) {
        details = world.client().getIntegerDetails(key, fallback);
    }

    @When("a float flag with key {string} is evaluated with details and default value {double}")
    public void aFloatFlagWithDetails(String key, double fallback) {
        details = world.client().getDoubleDetails(key, fallback);
    }

    @When("an object flag with key {string} is evaluated with details and a null default value")
    public void anObjectFlagWithDetails(String key) {
        details = world.client().getObjectDetails(key, new Value());
    }

    @Then("the resolved boolean details value should be {string}, the variant should be {string}, and the reason should be {string}")
    public void theResolvedBooleanDetails(String expected, String variant, String reason) {
        assertDetails(Boolean.parseBoolean(expected), variant, reason);
    }

    @Then("the resolved string details value should be {string}, the variant should be {string}, and the reason should be {string}")
    public void theResolvedStringDetails(String expected, String variant, String reason) {
        assertDetails(expected, variant, reason);
    }

    @Then("the resolved integer details value should be {int}, the variant should be {string}, and the reason should be {string}")
    public void theResolvedIntegerDetails(int expected, String variant, String reason) {
        assertDetails(expected, variant, reason);
    }

    @Then("the resolved float details value should be {double}, the variant should be {string}, and the reason should be {string}")
    public void theResolvedFloatDetails(double expected, String variant, String reason) {
        assertDetails(expected, variant, reason);
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

    private void assertDetails(Object expected, String variant, String reason) {
        assertThat(details.getValue()).as("%s", details).isEqualTo(expected);
        assertThat(details.getVariant()).as("%s", details).isEqualTo(variant);
        assertThat(details.getReason()).as("%s", details).isEqualTo(reason);
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
