package io.flagbridge.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

    /** What was exported to this path ({@code /v1/metrics}, {@code /v1/traces}), as text. */
    public String received(String path) {
        StringBuilder text = new StringBuilder();
        exports.stream().filter(export -> export.path().equals(path)).forEach(export -> text.append(export.text())
                .append('\n'));
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

    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
