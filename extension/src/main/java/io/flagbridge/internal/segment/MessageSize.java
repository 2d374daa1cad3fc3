package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.flagbridge.internal.util.Json;

/** Keeps a message under Segment's 32 KB: measures cheaply, and drops its largest parts when it would not fit. */
final class MessageSize {

    /** Segment refuses a message over 32 KB; a margin is kept for the message's own fields. */
    static final int MAX_PAYLOAD_BYTES = 30 * 1024;

    private MessageSize() {
    }

    /**
     * Removes the largest entries of {@code from} until {@code message} fits; false if it still does not. Linear: the
     * message is serialised once, each entry measured once, and the message once more at the end.
     */
    static boolean dropLargest(Map<String, Object> message, Map<String, Object> from, Set<String> keep) {
        if (fits(message)) {
            return true;
        }
        long total = size(message);
        List<Map.Entry<String, Integer>> bySize = new ArrayList<>(from.size());
        for (Map.Entry<String, Object> entry : from.entrySet()) {
            if (!keep.contains(entry.getKey())) {
                // "name":value — the comma is not counted, so that the total stays an upper bound.
                bySize.add(Map.entry(entry.getKey(), size(entry.getKey()) + 1 + size(entry.getValue())));
            }
        }
        bySize.sort(Map.Entry.<String, Integer> comparingByValue().reversed());
        for (Map.Entry<String, Integer> largest : bySize) {
            if (total <= MAX_PAYLOAD_BYTES) {
                break;
            }
            from.remove(largest.getKey());
            total -= largest.getValue();
        }
        return total <= MAX_PAYLOAD_BYTES || size(message) <= MAX_PAYLOAD_BYTES;
    }

    /** Whether the message fits: by a cheap upper bound for most messages, by serialising it for the others. */
    static boolean fits(Map<String, Object> message) {
        return upperBound(message, MAX_PAYLOAD_BYTES) <= MAX_PAYLOAD_BYTES || size(message) <= MAX_PAYLOAD_BYTES;
    }

    /**
     * At least as many bytes as the value's JSON takes in UTF-8 (a char is at most 6 bytes, as a \\u escape), or
     * more than {@code limit}. Types whose JSON length is not known from their size count as too large.
     */
    static long upperBound(Object value, long limit) {
        if (value == null || value instanceof Boolean) {
            return 5;
        }
        if (value instanceof String text) {
            return 2 + 6L * text.length();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return 32;
        }
        long bound = 2;
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bound += upperBound(String.valueOf(entry.getKey()), limit) + 2
                        + upperBound(entry.getValue(), limit - bound);
                if (bound > limit) {
                    return bound;
                }
            }
            return bound;
        }
        if (value instanceof Collection<?> list) {
            for (Object element : list) {
                bound += upperBound(element, limit - bound) + 1;
                if (bound > limit) {
                    return bound;
                }
            }
            return bound;
        }
        return Long.MAX_VALUE / 4;
    }

    static int size(Object value) {
        return Json.toJson(value).getBytes(StandardCharsets.UTF_8).length;
    }
}
