package io.flagbridge.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds ConfigCat {@code config_v6.json} documents for tests, in the compact schema the SDKs read.
 *
 * <p>
 * Every document has the preferences object {@code "p": {"u": baseUrl, "r": 0, "s": salt}}:
 * {@code r = 0} is "no redirect", so an SDK pointed at a fake CDN stays there. Flags go under
 * {@code "f"}; each has a type {@code "t"} (0 boolean, 1 text, 2 whole number, 3 decimal), a value
 * object {@code "v"} ({@code {"b":..}}, {@code {"s":..}}, {@code {"i":..}} or {@code {"d":..}}) and a
 * variation id {@code "i"}; optionally targeting rules {@code "r"} and percentage options {@code "p"}.
 *
 * <p>
 * Instances are immutable: each method returns a new builder, so a base config can be shared.
 *
 * <pre>{@code
 * String json = ConfigJson.forCdn(cdn.baseUrl())
 *         .boolFlag("newCheckout", true, "v-checkout-on")
 *         .textFlag("plan", "basic", "v-basic", new ConfigJson.Rule(
 *                 "Email", ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"),
 *                 "premium", "v-premium"))
 *         .build();
 * }</pre>
 */
public final class ConfigJson {

    /** The config salt used unless {@link #withSalt(String)} sets another. */
    public static final String DEFAULT_SALT = "flagbridge-test-salt";

    private static final int BOOLEAN = 0;
    private static final int TEXT = 1;
    private static final int WHOLE_NUMBER = 2;
    private static final int DECIMAL = 3;
    private static final int NO_REDIRECT = 0;

    private final String baseUrl;
    private final String salt;
    private final Map<String, String> settings;

    private ConfigJson(String baseUrl, String salt, Map<String, String> settings) {
        this.baseUrl = baseUrl;
        this.salt = salt;
        this.settings = settings;
    }

    /**
     * Starts an empty config whose preferences point at the given CDN base URL.
     *
     * @param baseUrl the base URL the SDK uses, such as {@link FakeConfigCatCdn#baseUrl()}
     * @return a builder without flags
     */
    public static ConfigJson forCdn(String baseUrl) {
        return new ConfigJson(requireText(baseUrl, "baseUrl"), DEFAULT_SALT, Map.of());
    }

    /**
     * Sets the config salt (used by the SDK for hashed comparators).
     *
     * @param newSalt the salt
     * @return a builder with that salt
     */
    public ConfigJson withSalt(String newSalt) {
        return new ConfigJson(baseUrl, requireText(newSalt, "salt"), settings);
    }

    /**
     * Adds an on/off flag with a single value.
     *
     * @param key the flag key
     * @param value the value served to everyone
     * @param variationId the variation id of that value
     * @return a builder with the flag added (or replaced)
     */
    public ConfigJson boolFlag(String key, boolean value, String variationId) {
        return with(key, setting(BOOLEAN, "", "", bool(value), variationId));
    }

    /**
     * Adds an on/off flag with targeting rules (whose values are {@code Boolean}s) tried in order; a user no rule
     * matches gets {@code value}.
     *
     * @param key the flag key
     * @param value the value served when no rule matches
     * @param variationId the variation id of that value
     * @param rules the targeting rules, first match wins
     * @return a builder with the flag added (or replaced)
     */
    public ConfigJson boolFlag(String key, boolean value, String variationId, Rule... rules) {
        String renderedRules = rules.length == 0 ? "" : ",\"r\":" + array(Arrays.asList(rules), Rule::json);
        return with(key, setting(BOOLEAN, renderedRules, "", bool(value), variationId));
    }

    /**
     * Adds an on/off flag with targeting rules whose comparators take a typed value (semver, number, date, list);
     * a user no rule matches gets {@code value}.
     *
     * @param key the flag key
     * @param value the value served when no rule matches
     * @param variationId the variation id of that value
     * @param rules the targeting rules, first match wins
     * @return a builder with the flag added (or replaced)
     */
    public ConfigJson boolFlag(String key, boolean value, String variationId, TypedRule... rules) {
        String renderedRules = rules.length == 0 ? "" : ",\"r\":" + array(Arrays.asList(rules), TypedRule::json);
        return with(key, setting(BOOLEAN, renderedRules, "", bool(value), variationId));
    }

    /**
     * Adds a text setting, optionally with targeting rules that are tried in order; a user no rule
     * matches gets {@code value}.
     *
     * @param key the setting key
     * @param value the value served when no rule matches
     * @param variationId the variation id of that value
     * @param rules the targeting rules, first match wins
     * @return a builder with the setting added (or replaced)
     */
    public ConfigJson textFlag(String key, String value, String variationId, Rule... rules) {
        String renderedRules = rules.length == 0 ? "" : ",\"r\":" + array(Arrays.asList(rules), Rule::json);
        return with(key, setting(TEXT, renderedRules, "", textValue(value), variationId));
    }

    /**
     * Adds a whole-number setting with a single value.
     *
     * @param key the setting key
     * @param value the value served to everyone
     * @param variationId the variation id of that value
     * @return a builder with the setting added (or replaced)
     */
    public ConfigJson intFlag(String key, int value, String variationId) {
        return with(key, setting(WHOLE_NUMBER, "", "", "{\"i\":" + value + "}", variationId));
    }

    /**
     * Adds a decimal setting with a single value.
     *
     * @param key the setting key
     * @param value the value served to everyone; must be finite
     * @param variationId the variation id of that value
     * @return a builder with the setting added (or replaced)
     */
    public ConfigJson doubleFlag(String key, double value, String variationId) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON cannot hold " + value);
        }
        return with(key, setting(DECIMAL, "", "", "{\"d\":" + value + "}", variationId));
    }

    /**
     * Adds an on/off flag split by percentage options over the user's {@code Identifier}. Users fall
     * into an option by the SDK's hash of flag key and identifier; the SDK serves {@code value} only
     * when it has no User Object.
     *
     * @param key the flag key
     * @param value the value served when the SDK is given no user
     * @param variationId the variation id of that value
     * @param options the options, whose percentages must add up to 100
     * @return a builder with the flag added (or replaced)
     */
    public ConfigJson boolPercentageFlag(String key, boolean value, String variationId,
            Percentage... options) {
        if (Arrays.stream(options).mapToInt(Percentage::percentage).sum() != 100) {
            throw new IllegalArgumentException("percentages of '" + key + "' must add up to 100");
        }
        String renderedOptions = ",\"p\":" + array(Arrays.asList(options), Percentage::json);
        return with(key, setting(BOOLEAN, "", renderedOptions, bool(value), variationId));
    }

    /**
     * Renders the config JSON.
     *
     * @return the {@code config_v6.json} document
     */
    public String build() {
        String flags = settings.entrySet().stream()
                .map(entry -> text(entry.getKey()) + ":" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return "{\"p\":{\"u\":" + text(baseUrl) + ",\"r\":" + NO_REDIRECT + ",\"s\":" + text(salt) + "},"
                + "\"f\":" + flags + "}";
    }

    /** Same as {@link #build()}. */
    @Override
    public String toString() {
        return build();
    }

    /**
     * Cleartext comparators that compare a user attribute with a list of strings, with their
     * numeric codes in the config JSON.
     */
    public enum TextComparator {
        /** The attribute equals one of the values. */
        IS_ONE_OF(0),
        /** The attribute equals none of the values. */
        IS_NOT_ONE_OF(1),
        /** The attribute contains one of the values. */
        CONTAINS_ANY_OF(2),
        /** The attribute contains none of the values. */
        NOT_CONTAINS_ANY_OF(3),
        /** The attribute starts with one of the values. */
        STARTS_WITH_ANY_OF(30),
        /** The attribute starts with none of the values. */
        NOT_STARTS_WITH_ANY_OF(31),
        /** The attribute ends with one of the values. */
        ENDS_WITH_ANY_OF(32),
        /** The attribute ends with none of the values. */
        NOT_ENDS_WITH_ANY_OF(33);

        private final int code;

        TextComparator(int code) {
            this.code = code;
        }

        /**
         * The comparator's code in the config JSON.
         *
         * @return the numeric code
         */
        public int code() {
            return code;
        }
    }

    /**
     * A targeting rule: if the user attribute compares true against the values, the rule's value is served. Its
     * value is a {@code String} for a text setting, a {@code Boolean} for an on/off flag.
     *
     * @param attribute the user attribute, such as {@code Identifier}, {@code Email}, {@code Country}
     * @param comparator how the attribute is compared
     * @param comparisonValues the values compared with
     * @param value the value served on a match
     * @param variationId the variation id of that value
     */
    public record Rule(String attribute, TextComparator comparator, List<String> comparisonValues,
            Object value, String variationId) {

        /**
         * Checks the components and copies the list.
         *
         * @param attribute the user attribute
         * @param comparator how the attribute is compared
         * @param comparisonValues the values compared with
         * @param value the value served on a match
         * @param variationId the variation id of that value
         */
        public Rule {
            requireText(attribute, "attribute");
            Objects.requireNonNull(comparator, "comparator");
            comparisonValues = List.copyOf(comparisonValues);
            Objects.requireNonNull(value, "value");
            requireText(variationId, "variationId");
        }

        private String json() {
            String condition = "{\"u\":{\"a\":" + text(attribute) + ",\"c\":" + comparator.code()
                    + ",\"l\":" + array(comparisonValues, ConfigJson::text) + "}}";
            String served = value instanceof Boolean on ? bool(on) : textValue((String) value);
            return "{\"c\":[" + condition + "],\"s\":{\"v\":" + served + ",\"i\":" + text(variationId) + "}}";
        }
    }

    /**
     * Comparators whose comparison value is not a list of cleartext strings, with their codes in the config JSON and
     * the member that holds the value ({@code s} one text, {@code d} a number, {@code l} a list of texts).
     */
    public enum TypedComparator {
        /** The attribute is one of the semantic versions. */
        SEMVER_IS_ONE_OF(4, "l"),
        /** The attribute is a semantic version lower than the value. */
        SEMVER_LESS(6, "s"),
        /** The attribute is a semantic version greater than or equal to the value. */
        SEMVER_GREATER_EQUALS(9, "s"),
        /** The attribute is a number equal to the value. */
        NUMBER_EQUALS(10, "d"),
        /** The attribute is a number less than the value. */
        NUMBER_LESS(12, "d"),
        /** The attribute is a number greater than the value. */
        NUMBER_GREATER(14, "d"),
        /** The attribute is a date (Unix seconds) before the value. */
        DATE_BEFORE(18, "d"),
        /** The attribute is a date (Unix seconds) after the value. */
        DATE_AFTER(19, "d"),
        /** The attribute is a list that contains one of the values. */
        ARRAY_CONTAINS_ANY_OF(34, "l"),
        /** The attribute is a list that contains none of the values. */
        ARRAY_NOT_CONTAINS_ANY_OF(35, "l");

        private final int code;
        private final String member;

        TypedComparator(int code, String member) {
            this.code = code;
            this.member = member;
        }

        /**
         * The comparator's code in the config JSON.
         *
         * @return the numeric code
         */
        public int code() {
            return code;
        }
    }

    /**
     * A targeting rule of an on/off flag with a typed comparator.
     *
     * @param attribute the user attribute
     * @param comparator how the attribute is compared
     * @param comparisonValue a {@code String} ({@code s}), a {@code Number} ({@code d}) or a {@code List<String>}
     *        ({@code l}), as the comparator needs
     * @param value the value served on a match
     * @param variationId the variation id of that value
     */
    public record TypedRule(String attribute, TypedComparator comparator, Object comparisonValue, boolean value,
            String variationId) {

        /**
         * Checks the components.
         *
         * @param attribute the user attribute
         * @param comparator how the attribute is compared
         * @param comparisonValue the value compared with
         * @param value the value served on a match
         * @param variationId the variation id of that value
         */
        public TypedRule {
            requireText(attribute, "attribute");
            Objects.requireNonNull(comparator, "comparator");
            Objects.requireNonNull(comparisonValue, "comparisonValue");
            requireText(variationId, "variationId");
        }

        private String json() {
            String compared = switch (comparator.member) {
                case "s" -> text((String) comparisonValue);
                case "d" -> String.valueOf(((Number) comparisonValue).doubleValue());
                default -> {
                    @SuppressWarnings("unchecked")
                    List<String> values = (List<String>) comparisonValue;
                    yield array(values, ConfigJson::text);
                }
            };
            String condition = "{\"u\":{\"a\":" + text(attribute) + ",\"c\":" + comparator.code() + ",\""
                    + comparator.member + "\":" + compared + "}}";
            return "{\"c\":[" + condition + "],\"s\":{\"v\":" + bool(value) + ",\"i\":" + text(variationId)
                    + "}}";
        }
    }

    /**
     * A percentage option of an on/off flag.
     *
     * @param percentage the share of users, 0 to 100
     * @param value the value served to them
     * @param variationId the variation id of that value
     */
    public record Percentage(int percentage, boolean value, String variationId) {

        /**
         * Checks the components.
         *
         * @param percentage the share of users, 0 to 100
         * @param value the value served to them
         * @param variationId the variation id of that value
         */
        public Percentage {
            if (percentage < 0 || percentage > 100) {
                throw new IllegalArgumentException("percentage out of 0..100: " + percentage);
            }
            requireText(variationId, "variationId");
        }

        private String json() {
            return "{\"p\":" + percentage + ",\"v\":" + bool(value) + ",\"i\":" + text(variationId) + "}";
        }
    }

    private ConfigJson with(String key, String setting) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(requireText(key, "key"), setting);
        return new ConfigJson(baseUrl, salt, copy);
    }

    private static String setting(int type, String rules, String options, String value, String variationId) {
        return "{\"t\":" + type + rules + options + ",\"v\":" + value
                + ",\"i\":" + text(requireText(variationId, "variationId")) + "}";
    }

    private static String bool(boolean value) {
        return "{\"b\":" + value + "}";
    }

    private static String textValue(String value) {
        return "{\"s\":" + text(value) + "}";
    }

    private static String text(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static <T> String array(List<T> items, Function<T, String> render) {
        return items.stream().map(render).collect(Collectors.joining(",", "[", "]"));
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be null or empty");
        }
        return value;
    }
}
