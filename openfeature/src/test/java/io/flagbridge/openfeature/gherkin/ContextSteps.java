package io.flagbridge.openfeature.gherkin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.configcat.User;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ThreadLocalTransactionContextPropagator;
import dev.openfeature.sdk.Value;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps of {@code contextMerging.feature}. FlagBridge's provider keeps no context to retrieve: the merged context
 * is retrieved as ConfigCat got it, the user of the evaluation (ConfigCat's own {@code onFlagEvaluated} hook), whose
 * attributes are the context's entries.
 */
public class ContextSteps {

    private final World world;
    private EvaluationContext invocation = new ImmutableContext();
    private List<String> levels = List.of();

    public ContextSteps(World world) {
        this.world = world;
    }

    @Given("a stable provider with retrievable context is registered")
    public void aStableProviderWithRetrievableContextIsRegistered() {
        world.provider(World.Kind.STABLE);
        world.api().setTransactionContextPropagator(new ThreadLocalTransactionContextPropagator());
    }

    @Given("A context entry with key {string} and value {string} is added to the {string} level")
    public void aContextEntryIsAddedToTheLevel(String key, String value, String level) {
        EvaluationContext context = new ImmutableContext(Map.of(key, new Value(value)));
        switch (level) {
            case "API" -> world.api().setEvaluationContext(context);
            case "Transaction" -> world.api().setTransactionContext(context);
            case "Client" -> world.client().setEvaluationContext(context);
            case "Invocation" -> invocation = context;
            case "Before Hooks" -> world.client().addHooks(new Hook<Object>() {
                @Override
                public Optional<EvaluationContext> before(HookContext<Object> ctx, Map<String, Object> hints) {
                    return Optional.of(context);
                }
            });
            default -> throw new IllegalArgumentException("no context level " + level);
        }
    }

    @Given("A table with levels of increasing precedence")
    public void aTableWithLevelsOfIncreasingPrecedence(DataTable table) {
        levels = table.asList();
    }

    @Given("Context entries for each level from API level down to the {string} level, with key {string} and value {string}")
    public void contextEntriesForEachLevelDownTo(String last, String key, String value) {
        for (String level : levels) {
            aContextEntryIsAddedToTheLevel(key, value, level);
            if (level.equals(last)) {
                return;
            }
        }
    }

    @When("Some flag was evaluated")
    public void someFlagWasEvaluated() {
        world.evaluatedUsers.clear();
        world.details = world.client().getStringDetails("string-flag", "unused", invocation);
    }

    @Then("The merged context contains an entry with key {string} and value {string}")
    public void theMergedContextContains(String key, String value) {
        assertThat(world.evaluatedUsers).as("the ConfigCat users the evaluation ran for").hasSize(1);
        User user = world.evaluatedUsers.get(0);
        assertThat(user).as("the ConfigCat user of the evaluation (none: the context was not used)").isNotNull();
        assertThat(user.getAttribute(key)).as("attribute '%s' of %s", key, user).isEqualTo(value);
    }
}
