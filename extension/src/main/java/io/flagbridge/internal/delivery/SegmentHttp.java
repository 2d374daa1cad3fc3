package io.flagbridge.internal.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.internal.config.SegmentSettings;
import io.flagbridge.internal.util.IsoDates;
import io.flagbridge.internal.util.Json;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One upload of a batch to Segment's batch API ({@code <segment.endpoint>/v1/import/}, the path analytics-java uses,
 * with the write key in the body), over HTTP with TCP_NODELAY, no redirect followed (the write key goes only where it
 * was configured) and a timeout for the whole call. What the answer means follows Segment's guidance for its
 * libraries: {@link #outcome}.
 */
final class SegmentHttp {

    /** The path of Segment's batch API under {@code segment.endpoint}. */
    static final String PATH = "v1/import/";
    /** The longest {@code Retry-After} honoured. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** How an upload ended. */
    sealed interface Result {
    }

    /** Segment took the batch (2xx). */
    record Delivered() implements Result {
    }

    /** Worth another attempt: Segment is unreachable, busy or failing; it may say when to come back. */
    record Retry(String reason, Optional<Duration> retryAfter, boolean rateLimited) implements Result {

        Retry(String reason, Optional<Duration> retryAfter) {
            this(reason, retryAfter, false);
        }
    }

    /** Segment refused the batch for its content (400) or size (413): a smaller batch may pass. */
    record Refused(int status) implements Result {
    }

    /** Not worth another attempt (another 4xx, 501, 505, 511, a redirect). */
    record Failed(String reason) implements Result {
    }

    private final OkHttpClient http;
    private final HttpUrl uploadUrl;
    private final byte[] batchTail;
    private final String userAgent;
    /** The calls in flight, one per lane at most. */
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();

    SegmentHttp(SegmentSettings settings) {
        this(settings, CALL_TIMEOUT);
    }

    SegmentHttp(SegmentSettings settings, Duration callTimeout) {
        this.uploadUrl = HttpUrl.get(settings.endpoint().toString() + "/" + PATH);
        String version = version();
        this.userAgent = "flagbridge/" + version;
        StringBuilder tail = new StringBuilder("],\"context\":{\"library\":{\"name\":\"flagbridge\",\"version\":");
        Json.string(tail, version);
        tail.append("}},\"writeKey\":");
        Json.string(tail, settings.writeKey().orElseThrow().reveal());
        this.batchTail = tail.append(",\"sentAt\":").toString().getBytes(StandardCharsets.UTF_8);
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .callTimeout(callTimeout)
                .build();
    }

    /**
     * How an upload ended in a few words without a message (a message could hold a host or key): empty when
     * delivered, else {@code HTTP <status>} or the exception's class name.
     */
    static String what(Result result) {
        if (result instanceof Delivered) {
            return "";
        }
        if (result instanceof Refused refused) {
            return "HTTP " + refused.status();
        }
        String reason = result instanceof Retry retry ? retry.reason() : ((Failed) result).reason();
        if (reason.startsWith("HTTP ")) {
            int end = reason.indexOf(' ', 5);
            return end < 0 ? reason : reason.substring(0, end);
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** Posts the batch once. */
    Result post(List<byte[]> batch) {
        Call call = http.newCall(new Request.Builder().url(uploadUrl).header("User-Agent", userAgent)
                .post(RequestBody.create(body(batch), JSON)).build());
        calls.add(call);
        try (Response response = call.execute()) {
            return outcome(response.code(), response.header("Retry-After"), Instant.now());
        } catch (IOException e) {
            return call.isCanceled() ? new Failed("cancelled at stop")
                    : new Retry(e.getClass().getSimpleName() + ": " + e.getMessage(), Optional.empty());
        } finally {
            calls.remove(call);
        }
    }

    /**
     * What an answer means: 2xx delivered; 408, 410, 429, 460 and 5xx (but 501, 505 and 511) worth a retry, after
     * {@code Retry-After} when it says (seconds or an HTTP date, at most {@link #MAX_RETRY_AFTER}); 400 and 413 a
     * batch too bad or too big as a whole; anything else, a redirect included, failed.
     */
    static Result outcome(int status, String retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return new Delivered();
        }
        if (status == 400 || status == 413) {
            return new Refused(status);
        }
        boolean retryable = status == 408 || status == 410 || status == 429 || status == 460
                || (status >= 500 && status <= 599 && status != 501 && status != 505 && status != 511);
        if (retryable) {
            return new Retry("HTTP " + status, retryAfter(retryAfter, now), status == 429);
        }
        return new Failed(status >= 300 && status < 400 ? "HTTP " + status + " (redirects are not followed)"
                : "HTTP " + status);
    }

    /** A {@code Retry-After} header: delta-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException e) {
                wait = MAX_RETRY_AFTER; // more digits than a long: far in the future
            }
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    /**
     * The batch's messages as Segment reads them: each message's {@code context} with the batch's own merged in (the
     * message's keys win).
     */
    static List<String> withBatchContext(List<byte[]> batch) {
        JsonObject library = new JsonObject();
        library.addProperty("name", "flagbridge");
        library.addProperty("version", version());
        List<String> messages = new ArrayList<>(batch.size());
        for (byte[] bytes : batch) {
            JsonObject message = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject context = message.has("context") && message.get("context").isJsonObject()
                    ? message.getAsJsonObject("context")
                    : new JsonObject();
            if (!context.has("library")) {
                context.add("library", library.deepCopy());
            }
            message.add("context", context);
            messages.add(message.toString());
        }
        return messages;
    }

    private byte[] body(List<byte[]> batch) {
        int size = 64 + batchTail.length;
        for (byte[] message : batch) {
            size += message.length + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(size);
        body.writeBytes("{\"batch\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i));
        }
        body.writeBytes(batchTail);
        body.writeBytes(("\"" + IsoDates.format(System.currentTimeMillis()) + "\"}").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** Cancels the calls in flight, if any. */
    void cancel() {
        for (Call call : calls) {
            call.cancel();
        }
    }

    /** Closes idle connections. */
    void close() {
        http.connectionPool().evictAll();
    }

    private static String version() {
        String version = SegmentHttp.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
