package io.flagbridge.test.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an override's value as a ConfigCat value (Boolean, String, Integer or Double) of the flag's type. */
final class FlagValues {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private FlagValues() {
    }

    /**
     * @param type the flag's type, when known
     * @param where what sets it, for messages
     */
    static Object read(String where, String key, Object value, Optional<Class<?>> type) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(Messages.keyBlank(where));
        }
        if (value instanceof String text) {
            return type.isPresent() ? fromText(where, key, text, type.get()) : byForm(text);
        }
        Object javaValue = javaValue(where, key, value);
        if (type.isEmpty() || type.get() == javaValue.getClass()) {
            return javaValue;
        }
        if (type.get() == Double.class && javaValue instanceof Integer number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException(Messages.valueDoesNotFit(where, key, name(type.get()),
                value + " (" + value.getClass().getSimpleName() + ")", expected(type.get())));
    }

    private static Object javaValue(String where, String key, Object value) {
        if (value instanceof Boolean || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof Long || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        }
        if (value instanceof Float number && Float.isFinite(number)) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException(Messages.valueUnsupported(where, key,
                value == null ? "null" : value.getClass().getName()));
    }

    private static Object fromText(String where, String key, String text, Class<?> type) {
        String trimmed = text.trim();
        if (type == String.class) {
            return text;
        }
        if (type == Boolean.class) {
            String word = trimmed.toLowerCase(Locale.ROOT);
            if (word.equals("true") || word.equals("false")) {
                return Boolean.valueOf(word);
            }
        } else if (type == Integer.class) {
            if (WHOLE.matcher(trimmed).matches()) {
                try {
                    return Integer.valueOf(trimmed);
                } catch (NumberFormatException tooLarge) {
                    // reported below
                }
            }
        } else if (DECIMAL.matcher(trimmed).matches()) {
            return Double.valueOf(trimmed);
        }
        throw new IllegalArgumentException(Messages.valueDoesNotFit(where, key, name(type), "\"" + text + "\"",
                expected(type)));
    }

    private static Object byForm(String text) {
        String trimmed = text.trim();
        String word = trimmed.toLowerCase(Locale.ROOT);
        if (word.equals("true") || word.equals("false")) {
            return Boolean.valueOf(word);
        }
        if (WHOLE.matcher(trimmed).matches()) {
            try {
                return Integer.valueOf(trimmed);
            } catch (NumberFormatException tooLarge) {
                return Double.valueOf(trimmed);
            }
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return Double.valueOf(trimmed);
        }
        return text;
    }

    private static String name(Class<?> type) {
        return type == Boolean.class ? "boolean"
                : type == Integer.class ? "whole number" : type == Double.class ? "decimal number" : "text";
    }

    private static String expected(Class<?> type) {
        return type == Boolean.class ? "true or false"
                : type == Integer.class ? "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                        : type == Double.class ? "a decimal number such as 0.25" : "text";
    }
}
