package io.flagbridge.internal.webhook;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeEvents;
import io.flagbridge.internal.util.RateLimitedLog;

/**
 * ConfigCat's change webhook, whatever carries it: verifies the V1 signature, refreshes the client at once, fires
 * {@link FlagChanged} (source {@code WEBHOOK}) for each changed setting and answers 200. Unsigned, badly signed or
 * stale requests get 401, malformed ones 400; none of them fires anything or refreshes the client. After the
 * application's stop it answers 503.
 */
public final class WebhookEndpoint {

    /** Bodies over 64 KiB get 413. */
    public static final int MAX_BODY = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(WebhookEndpoint.class.getName());

    /** An HTTP status and a plain-text body. */
    public record Answer(int status, String text) {
    }

    /** The signed headers of a request, as received (any may be null). */
    public record Headers(String id, String timestamp, String signature) {
    }

    private final WebhookVerifier verifier;
    private final ConfigCatClient client;
    private final ChangeEvents changes;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS);
    private volatile boolean stopped;

    public WebhookEndpoint(WebhookVerifier verifier, ConfigCatClient client, ChangeEvents changes) {
        this.verifier = verifier;
        this.client = client;
        this.changes = changes;
    }

    /**
     * @param from the caller's address, for the log
     * @param body the raw body, at most {@link #MAX_BODY} bytes
     */
    public Answer handle(String from, Headers headers, byte[] body) {
        if (stopped) {
            return new Answer(503, "stopped");
        }
        WebhookVerifier.Verdict verdict = verifier.verify(headers.id(), headers.timestamp(), headers.signature(),
                body);
        return switch (verdict) {
            case VALID -> accept(headers.id(), Instant.ofEpochSecond(Long.parseLong(headers.timestamp())), body);
            case MALFORMED -> refuse(from, 400, "malformed timestamp or signature");
            default -> refuse(from, 401, verdict.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        };
    }

    private Answer accept(String id, Instant when, byte[] body) {
        client.forceRefresh();
        WebhookBody.parse(body).ifPresentOrElse(parsed -> parsed.changes(when).forEach(
                change -> changes.fire(change, "webhook\u0000" + id + "\u0000" + change.key())),
                () -> LOG.warning(Messages.webhookBodyUnparsable()));
        return new Answer(200, "ok");
    }

    /** Answers a refusal and logs it (at most once a second, without the keys). */
    public Answer refuse(String from, int status, String why) {
        refusals.warn(() -> Messages.webhookRefused(from, status, why));
        return new Answer(status, why);
    }

    /** From now on every request gets 503. */
    public void stop() {
        stopped = true;
    }
}
