package io.flagbridge.internal.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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
 * Posts batches to Segment's batch API ({@code <segment.endpoint>/v1/import/}, the path analytics-java uses, with the
 * write key in the body) over HTTP with TCP_NODELAY, retrying a failed upload {@code segment.retries} times with a
 * short bounded backoff that honours {@code Retry-After} (up to 5 s). No attempt starts and no backoff lasts past the
 * stop's deadline; a call cancelled at stop gives up at once.
 */
final class SegmentHttp {

    /** The path of Segment's batch API under {@code segment.endpoint}. */
    static final String PATH = "v1/import/";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final long BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** How a batch ended. */
    sealed interface Result {
    }

    /** Segment answered 2xx. */
    record Delivered() implements Result {
    }

    /** Segment did not take the batch; {@code reason} is for the log (a status or an exception, no data). */
    record Failed(String reason) implements Result {
    }

    private final OkHttpClient http;
    private final HttpUrl uploadUrl;
    private final int retries;
    private final byte[] batchTail;
    private final String userAgent;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile Call current;

    SegmentHttp(SegmentSettings settings) {
        this.uploadUrl = HttpUrl.get(settings.endpoint().toString() + "/" + PATH);
        this.retries = settings.retries();
        String version = version();
        this.userAgent = "flagbridge/" + version;
        StringBuilder tail = new StringBuilder("],\"context\":{\"library\":{\"name\":\"flagbridge\",\"version\":");
        Json.string(tail, version);
        tail.append("}},\"writeKey\":");
        Json.string(tail, settings.writeKey().orElseThrow().reveal());
        this.batchTail = tail.append(",\"sentAt\":").toString().getBytes(StandardCharsets.UTF_8);
        this.http = new OkHttpClient.Builder()
                .socketFactory(new NoDelaySocketFactory())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .build();
    }

    /** Posts the batch, with its retries. */
    Result post(List<byte[]> batch) {
        byte[] body = body(batch);
        String lastFailure = "no attempt";
        for (int attempt = 0; attempt <= retries; attempt++) {
            long retryAfterMillis = -1;
            Call call = http.newCall(new Request.Builder().url(uploadUrl).header("User-Agent", userAgent)
                    .post(RequestBody.create(body, JSON)).build());
            current = call;
            try (Response response = call.execute()) {
                int status = response.code();
                if (response.isSuccessful()) {
                    return new Delivered();
                }
                lastFailure = "HTTP " + status;
                if (status < 500 && status != 429) {
                    return new Failed(lastFailure);
                }
                retryAfterMillis = retryAfter(response.header("Retry-After"));
            } catch (IOException e) {
                if (call.isCanceled()) {
                    return new Failed("cancelled at stop after " + attempt + " retries");
                }
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            } finally {
                current = null;
            }
            if (attempt == retries || !backOff(attempt, retryAfterMillis)) {
                break;
            }
        }
        return new Failed("gave up after " + retries + " retries: " + lastFailure);
    }

    /** Sleeps before the next attempt; false when the deadline or an interrupt says to stop. */
    private boolean backOff(int attempt, long retryAfterMillis) {
        long backoff = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 20));
        backoff = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        if (retryAfterMillis >= 0) {
            backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(backoff, retryAfterMillis));
        }
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remaining <= backoff) {
            return false;
        }
        try {
            Thread.sleep(backoff);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long retryAfter(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1000;
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: the exponential backoff decides
        }
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

    /** From now on no attempt starts and no backoff lasts past {@code fromNow}. */
    void deadline(Duration fromNow) {
        deadlineNanos = System.nanoTime() + fromNow.toNanos();
    }

    /** Cancels the call in flight, if any. */
    void cancel() {
        Call call = current;
        if (call != null) {
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
