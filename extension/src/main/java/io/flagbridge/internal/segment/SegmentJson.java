package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.flagbridge.internal.util.IsoDates;
import io.flagbridge.internal.util.Json;

/**
 * The layout of a Segment identify or track message, as analytics-java's builders and Gson adapters give it (tested
 * against them), written with FlagBridge's one JSON writer: no builders' map copies, no Gson reflection.
 */
final class SegmentJson {

    private SegmentJson() {
    }

    /**
     * @param type {@code identify} or {@code track}
     * @param userId the user ID, or null for {@code anonymousId}
     * @param event the track's event name, or null (identify)
     * @param payloadName {@code traits} or {@code properties}
     * @param payload its members; null ones are left out
     */
    static byte[] message(String type, String messageId, long timestampMillis, Map<String, ?> context, String userId,
            String anonymousId, String event, String payloadName, Map<String, ?> payload) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"type\":");
        Json.string(json, type);
        json.append(",\"messageId\":");
        Json.string(json, messageId);
        json.append(",\"timestamp\":\"").append(IsoDates.format(timestampMillis)).append('"');
        json.append(",\"context\":");
        Json.value(json, context);
        if (userId != null) {
            json.append(",\"userId\":");
            Json.string(json, userId);
        } else {
            json.append(",\"anonymousId\":");
            Json.string(json, anonymousId);
        }
        json.append(",\"integrations\":{}"); // as analytics-java: all destinations, the default
        if (event != null) {
            json.append(",\"event\":");
            Json.string(json, event);
        }
        json.append(",\"").append(payloadName).append("\":");
        Json.value(json, payload);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
