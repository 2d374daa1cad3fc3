package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.Map;

/**
 * Writes the two messages FlagBridge sends most, identify and "Feature Flag Evaluated", straight to JSON: the same
 * document analytics-java's builders and Gson adapters give (tested against them), without the builders' map copies
 * or Gson's reflection, which were two thirds of the event thread's time per message. Values other than strings,
 * booleans, the common numbers, maps, collections and dates are written by analytics-java's Gson.
 */
final class SegmentJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SegmentJson() {
    }

    /**
     * @param type {@code identify} or {@code track}
     * @param userId the user ID, or null for {@code anonymousId}
     * @param event the track's event name, or null (identify)
     * @param payloadName {@code traits} or {@code properties}
     */
    static byte[] message(String type, String messageId, long timestampMillis, Map<String, ?> context, String userId,
            String anonymousId, String event, String payloadName, Map<String, ?> payload) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"type\":");
        string(json, type);
        json.append(",\"messageId\":");
        string(json, messageId);
        json.append(",\"timestamp\":\"").append(IsoDates.format(timestampMillis)).append('"');
        json.append(",\"context\":");
        value(json, context);
        if (userId != null) {
            json.append(",\"userId\":");
            string(json, userId);
        } else {
            json.append(",\"anonymousId\":");
            string(json, anonymousId);
        }
        json.append(",\"integrations\":{}"); // as analytics-java: all destinations, the default
        if (event != null) {
            json.append(",\"event\":");
            string(json, event);
        }
        json.append(",\"").append(payloadName).append("\":");
        value(json, payload);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static void value(StringBuilder json, Object value) {
        if (value instanceof String text) {
            string(json, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            json.append(value);
        } else if (value instanceof Double number && Double.isFinite(number)) {
            json.append(number.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() == null) {
                    continue; // as Gson: a null member is left out
                }
                if (!first) {
                    json.append(',');
                }
                first = false;
                string(json, String.valueOf(entry.getKey()));
                json.append(':');
                value(json, entry.getValue());
            }
            json.append('}');
        } else if (value instanceof Collection<?> list) {
            json.append('[');
            boolean first = true;
            for (Object element : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                if (element == null) {
                    json.append("null");
                } else {
                    value(json, element);
                }
            }
            json.append(']');
        } else if (value instanceof Date date) {
            json.append('"').append(IsoDates.format(date.getTime())).append('"');
        } else {
            json.append(Delivery.GSON.toJson(value)); // anything else exactly as analytics-java writes it
        }
    }

    static void string(StringBuilder json, String text) {
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
