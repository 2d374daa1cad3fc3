package io.flagbridge.internal.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeEvents;
import io.flagbridge.internal.sdk.Refresh;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.internal.util.Counters;
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
    private static final String REPLAYED = "already accepted";

    private static final AppLog LOG = AppLog.of(WebhookEndpoint.class);

    /** An HTTP status and a plain-text body. */
    public record Answer(int status, String text) {
    }

    /** The signed headers of a request, as received (any may be null). */
    public record Headers(String id, String timestamp, String signature) {
    }

    private final WebhookVerifier verifier;
    private final ReplayGuard replays;
    private final ConfigCatClient client;
    private final ChangeEvents changes;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS);
    private final Counters counters;
    private final boolean remoteFlags;
    private volatile boolean stopped;

    public WebhookEndpoint(WebhookVerifier verifier, Duration maxAge, Clock clock, ConfigCatClient client,
            ChangeEvents changes) {
        this(verifier, maxAge, clock, client, changes, new Counters(), true);
    }

    /**
     * @param counters where the requests are counted by outcome
     * @param remoteFlags false with {@code local-only} flags: the client has nothing to refresh
     */
    public WebhookEndpoint(WebhookVerifier verifier, Duration maxAge, Clock clock, ConfigCatClient client,
            ChangeEvents changes, Counters counters, boolean remoteFlags) {
        this.counters = counters;
        this.remoteFlags = remoteFlags;
        this.verifier = verifier;
        this.replays = new ReplayGuard(maxAge, clock);
        this.client = client;
        this.changes = changes;
    }

    /**
     * @param from the caller's address, for the log
     * @param body the raw body, at most {@link #MAX_BODY} bytes
     */
    public Answer handle(String from, Headers headers, byte[] body) {
        Optional<Answer> refused = check(from, headers);
        if (refused.isPresent()) {
            return refused.get();
        }
        WebhookVerifier.Verdict verdict = verifier.verify(headers.id(), headers.timestamp(), headers.signature(),
                body);
        if (verdict != WebhookVerifier.Verdict.VALID) {
            return answer(from, verdict);
        }
        if (!replays.firstTime(headers.id(), headers.timestamp(), body)) {
            return new Answer(200, REPLAYED);
        }
        return accept(headers.id(), Instant.ofEpochSecond(Long.parseLong(headers.timestamp())), body);
    }

    /**
     * What the headers alone decide, before the body is read: 503 after the stop, 401 or 400 for missing, malformed
     * or stale ones; empty when the body is to be read and the signature checked.
     */
    public Optional<Answer> check(String from, Headers headers) {
        if (stopped) {
            return Optional.of(new Answer(503, "stopped"));
        }
        WebhookVerifier.Verdict verdict = verifier.checkHeaders(headers.id(), headers.timestamp(),
                headers.signature());
        return verdict == WebhookVerifier.Verdict.VALID ? Optional.empty() : Optional.of(answer(from, verdict));
    }

    private Answer answer(String from, WebhookVerifier.Verdict verdict) {
        return verdict == WebhookVerifier.Verdict.MALFORMED ? refuse(from, 400, "malformed timestamp or signature")
                : refuse(from, 401, verdict.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private Answer accept(String id, Instant when, byte[] body) {
        if (remoteFlags) {
            // The CDN round trip is not the request's: ConfigCat retries a webhook that answers slowly.
            Refresh.of(client).whenComplete((result, failure) -> {
                if (failure != null || !result.isSuccess()) {
                    LOG.warning(Messages.webhookRefreshFailed(failure != null ? failure.toString()
                            : String.valueOf(result.error())));
                }
            });
        } else {
            LOG.fine("a verified webhook on local-only flags: nothing to refresh");
        }
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

    /** Counts the request that got this answer by its outcome (not those answered 503 after the stop). */
    public void answered(Answer answer) {
        switch (answer.status()) {
            case 200 -> counters.addWebhookRequest(REPLAYED.equals(answer.text()) ? "replayed" : "accepted");
            case 400 -> counters.addWebhookRequest("malformed");
            case 401 -> counters.addWebhookRequest("unauthorized");
            case 413 -> counters.addWebhookRequest("too_large");
            default -> {
            }
        }
    }

    /** From now on every request gets 503. */
    public void stop() {
        stopped = true;
    }
}
