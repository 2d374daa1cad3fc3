package io.flagbridge.openfeature.gherkin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.openfeature.sdk.FlagEvaluationDetails;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of {@code hooks.feature}: a client hook sees the evaluation's details in its after and finally stages. */
public class HookSteps {

    private final World world;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, FlagEvaluationDetails<?>> details = new ConcurrentHashMap<>();

    public HookSteps(World world) {
        this.world = world;
    }

    @Given("a client with added hook")
    public void aClientWithAddedHook() {
        world.client().addHooks(new RecordingHook("hook", calls, details));
    }

    @Then("the {string} hook should have been executed")
    public void theHookShouldHaveBeenExecuted(String stage) {
        assertThat(calls).contains("hook " + stage);
    }

    @Then("the {string} hooks should be called with evaluation details")
    public void theHooksShouldBeCalledWithEvaluationDetails(String stages, DataTable table) {
        for (String stage : stages.split(",\\s*")) {
            FlagEvaluationDetails<?> seen = details.get(stage);
            assertThat(seen).as("the details of the %s hook", stage).isNotNull();
            for (Map<String, String> row : table.asMaps()) {
                String written = row.get("value");
                Object expected = "null".equals(written) ? null
                        : "boolean".equals(row.get("data_type")) ? (Object) Boolean.parseBoolean(written) : written;
                Object actual = switch (row.get("key")) {
                    case "flag_key" -> seen.getFlagKey();
                    case "value" -> seen.getValue();
                    case "variant" -> seen.getVariant();
                    case "reason" -> seen.getReason();
                    case "error_code" -> seen.getErrorCode() == null ? null : seen.getErrorCode().name();
                    default -> throw new IllegalArgumentException("no detail " + row.get("key"));
                };
                assertThat(actual).as("%s of the %s hook", row.get("key"), stage).isEqualTo(expected);
            }
        }
    }
}
