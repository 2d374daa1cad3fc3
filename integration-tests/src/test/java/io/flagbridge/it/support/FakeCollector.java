package io.flagbridge.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake OpenTelemetry collector on 127.0.0.1: takes OTLP/HTTP exports ({@code POST /v1/metrics}, {@code /v1/traces},
 * {@code /v1/logs}) and keeps their bodies. OTLP's protobuf keeps strings as UTF-8, so a metric's or span event's
 * name is found in the bytes as it is. Started with the test JVM (the test archives' configuration holds its URL).
 */
public final class FakeCollector {

    public static final FakeCollector COLLECTOR = new FakeCollector();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(COLLECTOR::close, "fake-otlp-collector-shutdown"));
    }

    /** One export: its path and its body (decompressed). */
    public record Export(String path, byte[] body) {

        /** The body with every byte that is not printable ASCII as a space: names and strings stay readable. */
        public String text() {
            byte[] copy = body.clone();
            for (int i = 0; i < copy.length; i++) {
                if (copy[i] < 0x20 || copy[i] > 0x7e) {
                    copy[i] = ' ';
                }
            }
            return new String(copy, StandardCharsets.US_ASCII);
        }
    }

    private final List<Export> exports = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fake-otlp-collector");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;

    private FakeCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            exports.add(new Export(exchange.getRequestURI().getPath(), body));
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The base URL, for {@code otel.exporter.otlp.endpoint}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What was exported to this path ({@code /v1/metrics}, {@code /v1/traces}) since the mark, as text. */
    public String received(String path, int mark) {
        StringBuilder text = new StringBuilder();
        since(path, mark).forEach(export -> text.append(export.text()).append('\n'));
        return text.toString();
    }

    /** Every export to this path so far, oldest first (its size marks where a test starts). */
    public List<Export> exports(String path) {
        return exports.stream().filter(export -> export.path().equals(path)).toList();
    }

    /** The paths exports were posted to so far, each with how many. */
    public Map<String, Long> paths() {
        return exports.stream().collect(Collectors.groupingBy(Export::path, TreeMap::new, Collectors.counting()));
    }

    /** How many exports arrived so far: what a test passes to read only those that arrive after it started. */
    public int mark() {
        return exports.size();
    }

    /** One data point of a sum or gauge: its metric, its attributes (values as text) and its value. */
    public record Point(String metric, Map<String, String> attributes, double value) {
    }

    /** One span event: its span's name, its own name and its attributes (values as text). */
    public record SpanEvent(String span, String name, Map<String, String> attributes) {
    }

    /**
     * The sum and gauge points of the instrumentation scope {@code scope} exported since the mark, in the order
     * exported (OTLP's {@code ExportMetricsServiceRequest}: resource metrics 1, scope metrics 2, scope 1 with its name
     * 1, metrics 2; a metric's name 1, gauge 5, sum 7, each with data points 1; a point's double 4, int 6, attributes 7).
     */
    public List<Point> points(String scope, int mark) {
        List<Point> points = new ArrayList<>();
        for (Export export : since("/v1/metrics", mark)) {
            for (Protobuf resource : Protobuf.of(export.body()).messages(1)) {
                for (Protobuf scoped : resource.messages(2)) {
                    if (!scoped.messages(1).stream().anyMatch(s -> scope.equals(s.string(1)))) {
                        continue;
                    }
                    for (Protobuf metric : scoped.messages(2)) {
                        for (int kind : new int[] { 5, 7 }) {
                            for (Protobuf data : metric.messages(kind)) {
                                for (Protobuf point : data.messages(1)) {
                                    double value = point.has(4) ? Double.longBitsToDouble(point.number(4))
                                            : point.number(6);
                                    points.add(new Point(metric.string(1), attributes(point.messages(7)), value));
                                }
                            }
                        }
                    }
                }
            }
        }
        return points;
    }

    /**
     * The span events exported since the mark (OTLP's {@code ExportTraceServiceRequest}: resource spans 1, scope spans
     * 2, spans 2; a span's name 5 and events 11; an event's name 2 and attributes 3).
     */
    public List<SpanEvent> spanEvents(int mark) {
        List<SpanEvent> events = new ArrayList<>();
        for (Export export : since("/v1/traces", mark)) {
            for (Protobuf resource : Protobuf.of(export.body()).messages(1)) {
                for (Protobuf scoped : resource.messages(2)) {
                    for (Protobuf span : scoped.messages(2)) {
                        for (Protobuf event : span.messages(11)) {
                            events.add(new SpanEvent(span.string(5), event.string(2), attributes(event.messages(3))));
                        }
                    }
                }
            }
        }
        return events;
    }

    /** OTLP's {@code KeyValue}s (key 1, value 2: an {@code AnyValue} of string 1, bool 2, int 3 or double 4). */
    private static Map<String, String> attributes(List<Protobuf> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Protobuf keyValue : keyValues) {
            for (Protobuf value : keyValue.messages(2)) {
                String text = value.has(1) ? value.string(1)
                        : value.has(2) ? String.valueOf(value.number(2) != 0)
                                : value.has(3) ? String.valueOf(value.number(3))
                                        : value.has(4) ? String.valueOf(Double.longBitsToDouble(value.number(4)))
                                                : "?";
                attributes.put(keyValue.string(1), text);
            }
        }
        return attributes;
    }

    private List<Export> since(String path, int mark) {
        List<Export> all = List.copyOf(exports);
        return all.subList(Math.min(mark, all.size()), all.size()).stream().filter(export -> export.path().equals(path))
                .toList();
    }

    /** A protobuf message read without its schema: each field by number, a varint or fixed as a long, else bytes. */
    private record Protobuf(Map<Integer, List<Object>> fields) {

        static Protobuf of(byte[] bytes) {
            Map<Integer, List<Object>> fields = new HashMap<>();
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) {
                long tag = varint(in);
                Object value = switch ((int) (tag & 7)) {
                    case 0 -> varint(in);
                    case 1 -> in.getLong();
                    case 2 -> {
                        byte[] field = new byte[(int) varint(in)];
                        in.get(field);
                        yield field;
                    }
                    case 5 -> (long) in.getInt();
                    default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " is not OTLP's");
                };
                fields.computeIfAbsent((int) (tag >>> 3), n -> new ArrayList<>()).add(value);
            }
            return new Protobuf(fields);
        }

        private static long varint(ByteBuffer in) {
            long value = 0;
            for (int shift = 0;; shift += 7) {
                byte b = in.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        boolean has(int field) {
            return fields.containsKey(field);
        }

        List<Protobuf> messages(int field) {
            return fields.getOrDefault(field, List.of()).stream().map(bytes -> of((byte[]) bytes)).toList();
        }

        String string(int field) {
            return has(field) ? new String((byte[]) fields.get(field).get(0), StandardCharsets.UTF_8) : null;
        }

        long number(int field) {
            return (Long) fields.get(field).get(0);
        }
    }

    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
