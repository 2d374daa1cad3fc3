package io.flagbridge.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flagbridge.internal.util.Hash64;

/**
 * Remembers the webhook requests accepted within {@code configcat.webhook.max-age} (their ID, timestamp and body, as a
 * hash: what the signature covers, so that a copy with its signature header dressed differently is the same delivery), so that
 * a replay, or ConfigCat's own retry of a request it thinks failed, has no effect.
 * After {@code max-age} a request is refused as stale anyway. At most {@link #CAPACITY} are kept; past it the oldest
 * are forgotten first (ConfigCat sends a handful per change, not thousands within minutes).
 */
final class ReplayGuard {

    static final int CAPACITY = 10_000;

    private final Duration maxAge;
    private final Clock clock;
    /** Hash of (ID, timestamp, body) to when it may be forgotten (epoch seconds); in acceptance order. */
    private final LinkedHashMap<Long, Long> accepted = new LinkedHashMap<>();

    ReplayGuard(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** True the first time a verified request is seen within its max-age (and remembers it), false for a replay. */
    synchronized boolean firstTime(String id, String timestamp, byte[] body) {
        long now = clock.instant().getEpochSecond();
        for (Iterator<Map.Entry<Long, Long>> oldest = accepted.entrySet().iterator(); oldest.hasNext();) {
            Map.Entry<Long, Long> entry = oldest.next();
            if (entry.getValue() >= now && accepted.size() < CAPACITY) {
                break; // in acceptance order, and timestamps are near it: the rest are younger
            }
            oldest.remove();
        }
        // The body's bytes one char each: the hash sees exactly what was signed.
        long key = Hash64.of(id + "\u0000" + timestamp + "\u0000" + new String(body == null ? new byte[0] : body,
                StandardCharsets.ISO_8859_1));
        return accepted.putIfAbsent(key, Long.parseLong(timestamp) + maxAge.getSeconds()) == null;
    }
}
