package io.flagbridge.openfeature.gherkin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.FlagEvaluationOptions;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.PendingException;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The steps of {@code evaluation_v2.feature} and {@code metadata.feature} (the flag, its details, the provider). */
public class EvaluationSteps {

    private final World world;
    private List<String> hookCalls;
    private FlagEvaluationOptions options = FlagEvaluationOptions.EMPTY;
    private Map<String, Value> contextBefore;
    private String targetingKeyBefore;

    public EvaluationSteps(World world) {
        this.world = world;
    }

    @Given("^a (stable|not ready|error|fatal|stale) provider$")
    public void aProvider(String state) {
        world.provider(switch (state) {
            case "stable" -> World.Kind.STABLE;
            case "not ready" -> World.Kind.NOT_READY;
            case "error" -> World.Kind.ERROR;
            case "fatal" -> World.Kind.FATAL;
            default -> World.Kind.STALE;
        });
        world.client();
    }

    @Then("the provider status should be {string}")
    public void theProviderStatusShouldBe(String status) {
        assertThat(world.client().getProviderState()).isEqualTo(ProviderState.valueOf(status));
    }

    @Given("a {word}-flag with key {string} and a fallback value {string}")
    public void aFlag(String type, String key, String fallback) {
        world.type = FlagType.of(type);
        world.key = key;
        world.fallback = fallback;
    }

    @Given("a context containing a key {string}, with type {string} and with value {string}")
    public void aContextContaining(String name, String type, String value) {
        world.contextEntry(name, switch (type) {
            case "String" -> new Value(value);
            case "Integer" -> new Value(Integer.parseInt(value));
            case "Float" -> new Value(Double.parseDouble(value));
            case "Boolean" -> new Value(Boolean.parseBoolean(value));
            default -> throw new IllegalArgumentException("no context value of type " + type);
        });
    }

    @Given("a context containing a key {string} with null value")
    public void aContextContainingNull(String name) {
        world.contextEntry(name, new Value());
    }

    @When("the flag was evaluated with details")
    public void theFlagWasEvaluatedWithDetails() {
        world.details = world.type.evaluate(world.client(), world.key, world.fallback, world.context, options);
    }

    @Then("the resolved details value should be {string}")
    public void theResolvedDetailsValueShouldBe(String value) {
        assertThat(world.type.same(world.details.getValue(), value))
                .as("resolved %s, expected %s", world.details.getValue(), value).isTrue();
    }

    @Then("the reason should be {string}")
    public void theReasonShouldBe(String reason) {
        assertThat(world.details.getReason()).as(describe()).isEqualTo(reason);
    }

    @Then("the error-code should be {string}")
    public void theErrorCodeShouldBe(String code) {
        assertThat(world.details.getErrorCode()).as(describe()).isNotNull();
        assertThat(world.details.getErrorCode().name()).isEqualTo(code);
    }

    @Then("the flag key should be {string}")
    public void theFlagKeyShouldBe(String key) {
        assertThat(world.details.getFlagKey()).isEqualTo(key);
    }

    @Then("the variant should be {string}")
    public void theVariantShouldBe(String variant) {
        assertThat(world.details.getVariant()).as(describe()).isEqualTo(variant);
    }

    @Then("the resolved metadata should contain")
    public void theResolvedMetadataShouldContain(DataTable table) {
        ImmutableMetadata metadata = world.details.getFlagMetadata();
        for (Map<String, String> row : table.asMaps()) {
            String key = row.get("key");
            String value = row.get("value");
            Object expected = switch (row.get("metadata_type")) {
                case "Boolean" -> Boolean.parseBoolean(value);
                case "Integer" -> Integer.parseInt(value);
                case "Float" -> Double.parseDouble(value);
                default -> value;
            };
            assertThat(metadata.asUnmodifiableMap()).containsEntry(key, expected);
        }
    }

    @Then("the resolved metadata is empty")
    public void theResolvedMetadataIsEmpty() {
        assertThat(world.details.getFlagMetadata().asUnmodifiableMap()).as(describe()).isEmpty();
    }

    @Given("evaluation options containing specific hooks")
    public void evaluationOptionsContainingSpecificHooks() {
        hookCalls = new ArrayList<>();
        options = FlagEvaluationOptions.builder().hook(new RecordingHook("first", hookCalls))
                .hook(new RecordingHook("second", hookCalls)).build();
    }

    @When("the flag was evaluated with details using the evaluation options")
    public void theFlagWasEvaluatedWithDetailsUsingTheEvaluationOptions() {
        theFlagWasEvaluatedWithDetails();
    }

    @Then("the specified hooks should execute during evaluation")
    public void theSpecifiedHooksShouldExecuteDuringEvaluation() {
        assertThat(hookCalls).contains("first before", "second before", "first after", "second after",
                "first finally", "second finally").doesNotContain("first error", "second error");
    }

    @Then("the hook order should be maintained")
    public void theHookOrderShouldBeMaintained() {
        // Spec 4.4.2: hooks run stack-wise: every before stage first, then the after stages in the reverse order of
        // the before stages, then the finally stages in that same reverse order.
        List<String> before = stage(0, "before");
        List<String> reversed = new ArrayList<>(before);
        java.util.Collections.reverse(reversed);
        assertThat(before).containsExactlyInAnyOrder("first", "second");
        assertThat(stage(2, "after")).isEqualTo(reversed);
        assertThat(stage(4, "finally")).isEqualTo(reversed);
    }

    /** The names of the two hooks at positions {@code from} and {@code from + 1} of the calls, of this stage. */
    private List<String> stage(int from, String stage) {
        List<String> names = new ArrayList<>();
        for (String call : hookCalls.subList(from, from + 2)) {
            assertThat(call).as("call %s of %s", call, hookCalls).endsWith(" " + stage);
            names.add(call.substring(0, call.indexOf(' ')));
        }
        return names;
    }

    @Given("an evaluation context with modifiable data")
    public void anEvaluationContextWithModifiableData() {
        MutableContext modifiable = new MutableContext("user-1");
        modifiable.add("email", "ann@example.com");
        modifiable.add("seats", 12);
        modifiable.add("roles", List.of(new Value("admin")));
        world.context = modifiable;
        contextBefore = new HashMap<>(modifiable.asMap());
        targetingKeyBefore = modifiable.getTargetingKey();
    }

    @Then("the original evaluation context should remain unmodified")
    public void theOriginalEvaluationContextShouldRemainUnmodified() {
        assertThat(world.context.getTargetingKey()).isEqualTo(targetingKeyBefore);
        assertThat(world.context.asMap()).isEqualTo(contextBefore);
    }

    @Then("the evaluation details should be immutable")
    public void theEvaluationDetailsShouldBeImmutable() {
        // Spec 1.4.15.1: the details' flag metadata is immutable.
        Map<String, Object> metadata = world.details.getFlagMetadata().asUnmodifiableMap();
        assertThatThrownBy(() -> metadata.put("added", "later")).isInstanceOf(UnsupportedOperationException.class);
    }

    @When("the flag was evaluated with details asynchronously")
    public void theFlagWasEvaluatedWithDetailsAsynchronously() {
        throw new PendingException(NotExpressible.ASYNC);
    }

    @Then("the evaluation should complete without blocking")
    public void theEvaluationShouldCompleteWithoutBlocking() {
        throw new PendingException(NotExpressible.ASYNC);
    }

    private String describe() {
        FlagEvaluationDetails<?> details = world.details;
        return "details of '" + details.getFlagKey() + "': value " + details.getValue() + ", variant "
                + details.getVariant() + ", reason " + details.getReason() + ", error " + details.getErrorCode() + " "
                + details.getErrorMessage();
    }
}
