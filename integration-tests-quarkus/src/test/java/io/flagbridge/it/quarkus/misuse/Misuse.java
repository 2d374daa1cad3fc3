package io.flagbridge.it.quarkus.misuse;

import java.util.Map;

import io.quarkus.test.QuarkusUnitTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application of its own whose build or start must fail with a coded message: built by {@link QuarkusUnitTest}
 * (a build that fails inside {@code @QuarkusTest} would end the whole test run), which asserts the failure before any
 * test method would run, and fails the test when the application builds and starts.
 */
final class Misuse {

    private Misuse() {
    }

    /**
     * @param bean the application's one class
     * @param config set on top of local-only flags (the test applications' {@code flags/simple.json})
     * @param message what the failure must say, whole
     */
    static QuarkusUnitTest failing(Class<?> bean, Map<String, String> config, String message) {
        QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClass(bean))
                // The @QuarkusTest application leaves this package out; these applications are made of it.
                .overrideConfigKey("quarkus.arc.exclude-types", "io.flagbridge.it.quarkus.none.**")
                .overrideConfigKey("configcat.overrides.resource", "flags/simple.json")
                .overrideConfigKey("configcat.overrides.behaviour", "local-only");
        config.forEach(app::overrideConfigKey);
        return app.assertException(failure -> assertThat(describe(failure)).contains(message));
    }

    /** The failure and its causes, one line each. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    /** What a test method says: it never runs, since the application fails before. */
    static final String NEVER_RUNS = "the application must have failed before its tests";
}
