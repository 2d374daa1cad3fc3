package io.flagbridge.internal.sdk;

import java.util.concurrent.CompletableFuture;

import com.configcat.ConfigCatClient;
import com.configcat.RefreshResult;

/**
 * {@code client.forceRefreshAsync()} without ConfigCat 9.4.3's race: when the CDN answers before the SDK has
 * registered its callback, the callback runs on the calling thread, clears the running task and
 * {@code forceRefreshAsync()} throws a {@code NullPointerException} ({@code ConfigService.fetchIfOlder} returns null;
 * about 1 in 1000 refreshes on a busy machine, {@code ConfigCatInternalsTest}). The fetch did complete then; a second
 * refresh gives its result (a 304 when nothing changed since). No private part is read: the race is told by the
 * frame that threw.
 */
public final class Refresh {

    private Refresh() {
    }

    public static CompletableFuture<RefreshResult> of(ConfigCatClient client) {
        for (int attempt = 1;; attempt++) {
            try {
                return client.forceRefreshAsync();
            } catch (NullPointerException e) {
                if (!isRefreshRace(e)) {
                    throw e;
                }
                if (attempt == 3) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "ConfigCat's refresh lost its running fetch three times in a row", e));
                }
            }
        }
    }

    private static boolean isRefreshRace(NullPointerException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().equals("com.configcat.ConfigService")
                && trace[0].getMethodName().equals("refresh");
    }
}
