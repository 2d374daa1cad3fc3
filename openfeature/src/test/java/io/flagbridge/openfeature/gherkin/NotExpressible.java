package io.flagbridge.openfeature.gherkin;

import java.util.Map;
import java.util.Optional;

import org.opentest4j.TestAbortedException;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/**
 * The scenarios ConfigCat cannot express, each with the reason: they are skipped (reported as skipped, with the
 * reason, by JUnit, Surefire and {@link SuiteSummary}), never left out of the run. Everything else runs; and closes its
 * application after the scenario.
 */
public class NotExpressible {

    static final String PREFIX = "not expressible in ConfigCat: ";
    static final String ASYNC = "OpenFeature's Java SDK 1.22 has no asynchronous evaluation (its Client has no "
            + "...Async methods; FlagBridge's evaluations answer from the config in memory)";

    /** By the tag of a scenario (or of its examples). */
    static final Map<String, String> BY_TAG = Map.of(
            "@reason-codes-disabled", "ConfigCat has no disabled flag: a setting always serves a value (the "
                    + "specification's *-disabled-flag flags are left out of configcat-flags.json)",
            "@reason-codes-cached", "ConfigCat evaluates each call from the config in memory: every evaluation is "
                    + "STATIC, TARGETING_MATCH, SPLIT or DEFAULT, never CACHED",
            "@metadata", "ConfigCat settings carry no flag metadata: FlagBridge's details have empty metadata",
            "@async", ASYNC);

    /** By feature file and scenario name, where the scenario has no tag of its own. */
    static final Map<String, String> BY_NAME = Map.of(
            "metadata.feature: Returns metadata", BY_TAG.get("@metadata"));

    private final World world;

    public NotExpressible(World world) {
        this.world = world;
    }

    static Optional<String> reason(Scenario scenario) {
        for (String tag : scenario.getSourceTagNames()) {
            if (BY_TAG.containsKey(tag)) {
                return Optional.of(BY_TAG.get(tag));
            }
        }
        String uri = scenario.getUri().toString();
        String file = uri.substring(uri.lastIndexOf('/') + 1);
        return Optional.ofNullable(BY_NAME.get(file + ": " + scenario.getName()));
    }

    @Before(order = 0)
    public void skipWhatConfigCatCannotExpress(Scenario scenario) {
        Optional<String> reason = reason(scenario);
        if (reason.isPresent()) {
            throw new TestAbortedException(PREFIX + reason.get());
        }
    }

    @After
    public void closeTheApplication() {
        world.close();
    }
}
