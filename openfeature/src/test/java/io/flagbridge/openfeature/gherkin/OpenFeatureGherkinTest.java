package io.flagbridge.openfeature.gherkin;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

/**
 * The OpenFeature specification's Gherkin suites ({@code evaluation_v2}, {@code contextMerging}, {@code hooks},
 * {@code metadata} and the older {@code evaluation}), copied unchanged into {@code openfeature-gherkin/} (see its
 * README), run with Cucumber against {@code @Inject Client} of a FlagBridge application on Weld SE. The scenarios
 * ConfigCat cannot express are skipped with the reason ({@link NotExpressible}); {@link SuiteSummary} prints the
 * counts.
 */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("openfeature-gherkin")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "io.flagbridge.openfeature.gherkin")
@ConfigurationParameter(key = PLUGIN_PROPERTY_NAME, value = "io.flagbridge.openfeature.gherkin.SuiteSummary")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
@ConfigurationParameter(key = JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, value = "long")
public class OpenFeatureGherkinTest {
}
