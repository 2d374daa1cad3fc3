package io.flagbridge.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.flagbridge.it.support.AppServer.Answer;

/** The GET requests the scenarios make of a test application that a runtime serves over HTTP. */
public final class Http {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /**
     * {@code FlagProbe.handle(command, parameters)} of the application at {@code applicationUrl} (which ends with
     * {@code /}), through its {@code /flags/<command>} path.
     */
    public static String call(String applicationUrl, String command, Map<String, String> parameters) {
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return ok(applicationUrl + "flags/" + command + (query.isEmpty() ? "" : "?" + query));
    }

    /** The body of a 200 answer; an {@code AssertionError} for any other. */
    public static String ok(String url) {
        Answer answer = get(url);
        if (answer.status() != 200) {
            throw new AssertionError("GET " + url + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    public static Answer get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String mediaType = response.headers().firstValue("Content-Type")
                    .map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse(null);
            return new Answer(response.statusCode(), mediaType, response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
