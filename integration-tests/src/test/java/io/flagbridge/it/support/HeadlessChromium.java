package io.flagbridge.it.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A headless Chromium driven through the Chrome DevTools Protocol (a WebSocket, with the JDK's own HTTP client: no
 * driver library), for tests of a real page: navigate, evaluate JavaScript, and every console error and uncaught
 * exception the page produced. {@link #find()} tells whether a browser is installed (Debian: {@code chromium}).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** The binaries looked for on the PATH, unless {@code -Dit.chromium=/path/to/chrome} names one. */
    public static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "chrome");

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> answers = new ConcurrentHashMap<>();
    private final List<String> errors = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The browser binary: {@code it.chromium}, else the first of {@link #NAMES} on the PATH. */
    public static Optional<Path> find() {
        String named = System.getProperty("it.chromium", "");
        if (!named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return NAMES.stream().flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    public static HeadlessChromium start(Path binary) throws Exception {
        Path profile = Files.createTempDirectory("flagbridge-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String browserUrl = null;
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (browserUrl == null && System.nanoTime() < deadline && (line = output.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                browserUrl = matcher.group(1);
            }
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException(binary + " did not open its DevTools port; it wrote:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException e) {
                // the browser has ended
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();

        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        for (JsonElement target : JsonParser.parseString(http.send(HttpRequest.newBuilder(
                URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).getAsJsonArray()) {
            if (target.getAsJsonObject().get("type").getAsString().equals("page")) {
                pageSocket = target.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
                break;
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium has no page target");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    String text = message.toString();
                    message.setLength(0);
                    while (self[0] == null) {
                        Thread.onSpinWait();
                    }
                    self[0].received(JsonParser.parseString(text).getAsJsonObject());
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
        self[0] = chromium;
        chromium.send("Runtime.enable", new JsonObject());
        chromium.send("Log.enable", new JsonObject());
        chromium.send("Page.enable", new JsonObject());
        return chromium;
    }

    private void received(JsonObject message) {
        if (message.has("id")) {
            CompletableFuture<JsonObject> answer = answers.remove(message.get("id").getAsInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.get("method").getAsString();
        JsonObject params = message.getAsJsonObject("params");
        synchronized (errors) {
            if (method.equals("Runtime.exceptionThrown")) {
                errors.add("uncaught: " + params.getAsJsonObject("exceptionDetails"));
            } else if (method.equals("Runtime.consoleAPICalled") && params.get("type").getAsString().equals("error")) {
                errors.add("console.error: " + params.get("args"));
            } else if (method.equals("Log.entryAdded")
                    && params.getAsJsonObject("entry").get("level").getAsString().equals("error")) {
                errors.add("log: " + params.getAsJsonObject("entry"));
            }
        }
    }

    /** One DevTools command; its {@code result}, or an {@link AssertionError} with the protocol's error. */
    public JsonObject send(String method, JsonObject params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        answers.put(id, answer);
        JsonObject command = new JsonObject();
        command.addProperty("id", id);
        command.addProperty("method", method);
        command.add("params", params);
        try {
            synchronized (socket) {
                socket.sendText(command.toString(), true).get(30, TimeUnit.SECONDS);
            }
            JsonObject reply = answer.get(30, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + " failed: " + reply.get("error"));
            }
            return reply.getAsJsonObject("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(method + " got no answer", e);
        }
    }

    public void navigate(String url) {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        send("Page.navigate", params);
    }

    /** The value of a JavaScript expression (awaited when it is a promise), as JSON; a thrown error fails. */
    public JsonElement evaluate(String expression) {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError(expression + " threw: " + result.get("exceptionDetails"));
        }
        JsonElement value = result.getAsJsonObject("result").get("value");
        return value == null ? com.google.gson.JsonNull.INSTANCE : value;
    }

    /** Writes a PNG of the whole page, laid out {@code width} CSS pixels wide (for the documentation's pictures). */
    public void screenshot(Path file, int width) throws IOException {
        JsonObject metrics = new JsonObject();
        metrics.addProperty("width", width);
        metrics.addProperty("height", 900);
        metrics.addProperty("deviceScaleFactor", 1);
        metrics.addProperty("mobile", false);
        send("Emulation.setDeviceMetricsOverride", metrics);
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        params.addProperty("captureBeyondViewport", true);
        Files.write(file, java.util.Base64.getDecoder().decode(send("Page.captureScreenshot", params).get("data")
                .getAsString()));
    }

    /** Console errors, uncaught exceptions and the browser's error log entries (failed loads among them), so far. */
    public List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
