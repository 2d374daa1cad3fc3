package io.flagbridge.test;

/**
 * Flag values for tests, set and cleared at run time. An override wins over every other flag source (ConfigCat,
 * a flag file) for {@code @FeatureFlag}, {@code @Inject ConfigCatClient} and anything else that evaluates through
 * FlagBridge, until it is cleared. Evaluations of an overridden flag still run ConfigCat's hooks, fire
 * {@code FlagEvaluated} and become Segment messages (see {@link RecordedSegment}); their variation ID starts with
 * {@code flagbridge-override-}.
 * <p>
 * A bean ({@code @Inject TestFlags}) of every application that has {@code flagbridge-test} on its class path. Each
 * application (each container) has its own overrides.
 */
public interface TestFlags {

    /**
     * Overrides a flag until {@link #clear(String)} or {@link #clearAll()}.
     *
     * @param key the flag key, not blank
     * @param value a {@code Boolean}, {@code String}, {@code Integer} (or {@code Long}, {@code Short}, {@code Byte}
     *        within the int range) or {@code Double} (or {@code Float}). A value of another type than the flag's (as
     *        the config or {@code @FeatureFlag} tells it) is refused with {@code FLAGBRIDGE-0202}, except text, which
     *        is read as the flag's type ({@code "true"} for a boolean flag, {@code "42"} for a number flag); text for
     *        a flag of unknown type is read by its form: {@code true}/{@code false}, a whole number, a decimal number,
     *        else text
     * @throws IllegalArgumentException with a {@code FLAGBRIDGE-02xx} message when the key or the value is not valid
     */
    void set(String key, Object value);

    /**
     * Removes the override of {@code key}, if any: the flag has its configured value again.
     *
     * @param key the flag key
     */
    void clear(String key);

    /** Removes every override. */
    void clearAll();
}
