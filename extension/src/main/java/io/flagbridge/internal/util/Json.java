package io.flagbridge.internal.util;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FlagBridge's one JSON writer, for every Segment message and batch: strings, booleans, numbers, maps (null members
 * left out), collections and arrays, dates (as {@link IsoDates}), anything else as its {@code toString()}. It writes
 * straight into a {@code StringBuilder}, with no reflection and no intermediate tree.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    static final int MAX_DEPTH = 64;

    /**
     * A value that JSON cannot hold: a NaN or infinite number, or a map or list that contains itself (found as a
     * nesting deeper than {@value #MAX_DEPTH}, so that writing needs no bookkeeping per container).
     */
    public static final class UnwritableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnwritableException(String message) {
            super(message);
        }
    }

    private Json() {
    }

    /** Writes the value; on an {@link UnwritableException} the builder holds a part of it (write into a copy). */
    public static void value(StringBuilder json, Object value) {
        value(json, value, 0, false);
    }

    /** Whether JSON can hold the value (no NaN or infinite number, no map or list that holds itself). */
    public static boolean writable(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return true;
        }
        try {
            value(new StringBuilder(), value);
            return true;
        } catch (UnwritableException e) {
            return false;
        }
    }

    /** The value's JSON text. */
    public static String toJson(Object value) {
        StringBuilder json = new StringBuilder(64);
        value(json, value);
        return json.toString();
    }

    /** The value's JSON text with every map's members in key order: equal for equal values, whatever the maps. */
    public static String canonical(Object value) {
        StringBuilder json = new StringBuilder(64);
        value(json, value, 0, true);
        return json.toString();
    }

    private static void value(StringBuilder json, Object value, int depth, boolean sorted) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof String text) {
            string(json, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger
                || value instanceof AtomicInteger || value instanceof AtomicLong) {
            json.append(value);
        } else if (value instanceof BigDecimal number) {
            json.append(number);
        } else if (value instanceof Number number) {
            finite(number.doubleValue());
            json.append(number);
        } else if (value instanceof Date date) {
            json.append('"').append(IsoDates.format(date.getTime())).append('"');
        } else if (value instanceof Instant instant) {
            json.append('"').append(IsoDates.format(instant.toEpochMilli())).append('"');
        } else if (value instanceof Map<?, ?> map) {
            int inside = enter(depth, map);
            json.append('{');
            boolean first = true;
            Iterable<? extends Map.Entry<?, ?>> entries = map.entrySet();
            if (sorted) {
                TreeMap<String, Object> byKey = new TreeMap<>();
                map.forEach((key, member) -> byKey.put(String.valueOf(key), member));
                entries = byKey.entrySet();
            }
            for (Map.Entry<?, ?> entry : entries) {
                if (entry.getValue() == null) {
                    continue;
                }
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, String.valueOf(entry.getKey()));
                json.append(':');
                value(json, entry.getValue(), inside, sorted);
            }
            json.append('}');
        } else if (value instanceof Collection<?> list) {
            int inside = enter(depth, list);
            json.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                value(json, element, inside, sorted);
            }
            json.append(']');
        } else if (value.getClass().isArray()) {
            int inside = enter(depth, value);
            json.append('[');
            for (int i = 0, length = Array.getLength(value); i < length; i++) {
                if (i > 0) {
                    json.append(',');
                }
                value(json, Array.get(value, i), inside, sorted);
            }
            json.append(']');
        } else if (value instanceof Enum<?> constant) {
            string(json, constant.name());
        } else {
            string(json, value.toString());
        }
    }

    private static void finite(double number) {
        if (!Double.isFinite(number)) {
            throw new UnwritableException("JSON has no " + number);
        }
    }

    private static int enter(int depth, Object container) {
        if (depth >= MAX_DEPTH) {
            throw new UnwritableException("a " + container.getClass().getSimpleName() + " nested deeper than "
                    + MAX_DEPTH + " levels, or that holds itself");
        }
        return depth + 1;
    }

    /** A JSON string, escaped as Gson escapes it (also U+2028 and U+2029, which JavaScript reads as line ends). */
    public static void string(StringBuilder json, String text) {
        json.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            json.append(text, start, i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                        .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
            }
            start = i + 1;
        }
        json.append(text, start, text.length()).append('"');
    }
}
