package io.flagbridge.internal.segment;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Retries an upload to Segment with a short bounded backoff that honours {@code Retry-After} (up to 5 s), and then
 * answers {@value #GAVE_UP} with the last failure as its body. No attempt starts and no backoff lasts past the
 * deadline set at shutdown; a call cancelled at shutdown gives up at once.
 */
final class BoundedRetries implements Interceptor {

    /** The answer when the retries are used up (a status no server sends). */
    static final int GAVE_UP = 499;
    private static final long BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final int retries;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    BoundedRetries(int retries) {
        this.retries = retries;
    }

    /** From now on, no attempt starts and no backoff lasts past the deadline. */
    void deadline(Duration fromNow) {
        deadlineNanos = System.nanoTime() + fromNow.toNanos();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String lastFailure = "no attempt";
        for (int attempt = 0; attempt <= retries; attempt++) {
            long retryAfterMillis = -1;
            try {
                Response response = chain.proceed(chain.request());
                int status = response.code();
                if (status < 500 && status != 429) {
                    return response;
                }
                lastFailure = "HTTP " + status;
                retryAfterMillis = retryAfter(response.header("Retry-After"));
                response.close();
            } catch (IOException e) {
                if (chain.call().isCanceled()) {
                    return gaveUp(chain, "cancelled at shutdown");
                }
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt == retries || !backOff(attempt, retryAfterMillis)) {
                break;
            }
        }
        return gaveUp(chain, lastFailure);
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

    private Response gaveUp(Chain chain, String reason) {
        return new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(GAVE_UP)
                .message("FlagBridge gave up")
                .body(ResponseBody.create("gave up after " + retries + " retries: " + reason,
                        MediaType.get("text/plain")))
                .build();
    }
}
