package io.flagbridge.it.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the fake collector got: OTLP/HTTP's protobuf export requests of logs and traces, as far as a test needs
 * them (a log record's event name, attributes and span; a span's name and IDs). Protobuf's wire format: each field is
 * a tag (number and wire type) and a value (a varint, 8 or 4 bytes, or a length and as many bytes).
 */
public final class Otlp {

    /** A log record: its event name (the field, or the attribute {@code event.name} of older SDKs). */
    public record LogRecord(String eventName, Map<String, String> attributes, String traceId, String spanId) {
    }

    /** A span: its name and IDs (hex). */
    public record Span(String name, String traceId, String spanId) {
    }

    private Otlp() {
    }

    /** The log records of an {@code ExportLogsServiceRequest}. */
    public static List<LogRecord> logs(byte[] request) {
        List<LogRecord> records = new ArrayList<>();
        // request.resource_logs (1) -> scope_logs (2) -> log_records (2)
        for (byte[] resourceLogs : messages(request, 1)) {
            for (byte[] scopeLogs : messages(resourceLogs, 2)) {
                for (byte[] record : messages(scopeLogs, 2)) {
                    Map<String, String> attributes = attributes(record, 6);
                    String eventName = text(record, 12);
                    records.add(new LogRecord(eventName.isEmpty() ? attributes.getOrDefault("event.name", "")
                            : eventName, attributes, hex(record, 9), hex(record, 10)));
                }
            }
        }
        return records;
    }

    /** The spans of an {@code ExportTraceServiceRequest}. */
    public static List<Span> spans(byte[] request) {
        List<Span> spans = new ArrayList<>();
        // request.resource_spans (1) -> scope_spans (2) -> spans (2)
        for (byte[] resourceSpans : messages(request, 1)) {
            for (byte[] scopeSpans : messages(resourceSpans, 2)) {
                for (byte[] span : messages(scopeSpans, 2)) {
                    spans.add(new Span(text(span, 5), hex(span, 1), hex(span, 2)));
                }
            }
        }
        return spans;
    }

    /** KeyValue (key 1, AnyValue 2) fields, with the values as text. */
    private static Map<String, String> attributes(byte[] message, int field) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (byte[] keyValue : messages(message, field)) {
            attributes.put(text(keyValue, 1), anyValue(messages(keyValue, 2).stream().findFirst().orElse(
                    new byte[0])));
        }
        return attributes;
    }

    /** AnyValue: string (1), bool (2), int (3), double (4). */
    private static String anyValue(byte[] value) {
        Reader reader = new Reader(value);
        while (reader.more()) {
            int tag = (int) reader.varint();
            int number = tag >>> 3;
            switch (tag & 7) {
                case 0 -> {
                    long raw = reader.varint();
                    return number == 2 ? Boolean.toString(raw != 0) : Long.toString(raw);
                }
                case 1 -> {
                    long bits = reader.fixed64();
                    return Double.toString(Double.longBitsToDouble(bits));
                }
                case 2 -> {
                    byte[] bytes = reader.bytes();
                    if (number == 1) {
                        return new String(bytes, StandardCharsets.UTF_8);
                    }
                }
                case 5 -> reader.skip(4);
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
        return "";
    }

    private static String text(byte[] message, int field) {
        List<byte[]> values = messages(message, field);
        return values.isEmpty() ? "" : new String(values.get(0), StandardCharsets.UTF_8);
    }

    private static String hex(byte[] message, int field) {
        List<byte[]> values = messages(message, field);
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.get(0));
    }

    /** Every length-delimited value of the field, in order. */
    private static List<byte[]> messages(byte[] message, int field) {
        List<byte[]> found = new ArrayList<>();
        Reader reader = new Reader(message);
        while (reader.more()) {
            int tag = (int) reader.varint();
            switch (tag & 7) {
                case 0 -> reader.varint();
                case 1 -> reader.skip(8);
                case 2 -> {
                    byte[] bytes = reader.bytes();
                    if (tag >>> 3 == field) {
                        found.add(bytes);
                    }
                }
                case 5 -> reader.skip(4);
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
        return found;
    }

    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return buffer.hasRemaining();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        long fixed64() {
            return buffer.getLong();
        }

        void skip(int bytes) {
            buffer.position(buffer.position() + bytes);
        }

        byte[] bytes() {
            byte[] bytes = new byte[(int) varint()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
