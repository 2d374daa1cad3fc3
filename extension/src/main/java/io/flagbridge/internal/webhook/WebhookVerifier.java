package io.flagbridge.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.flagbridge.internal.util.Secret;

/**
 * Verifies ConfigCat webhook requests (signature scheme V1).
 *
 * <p>
 * ConfigCat sends {@code X-ConfigCat-Webhook-ID}, {@code X-ConfigCat-Webhook-Timestamp} (Unix seconds)
 * and {@code X-ConfigCat-Webhook-Signature-V1}: a comma-separated list of
 * base64(HMAC-SHA256(signingKey, webhookId + timestamp + rawBody)), one per signing key.
 * A request is valid when one received signature matches one configured key.
 *
 * <p>
 * Order of checks: headers present, well-formed, fresh (at most {@code maxAge} old, at most a minute ahead), then the
 * signature; the first three need no body, so a request that fails them is refused before its body is read.
 *
 * <p>
 * Thread-safe. Key material never appears in exceptions or {@link #toString()}.
 */
public final class WebhookVerifier {

    public enum Verdict {
        VALID,
        MISSING_HEADER,
        MALFORMED,
        BAD_SIGNATURE,
        STALE
    }

    private static final String HMAC_SHA256 = "HmacSHA256";
    /** Unix seconds without leading zeros: a zero moved from the ID into the timestamp would sign the same bytes. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("0|[1-9][0-9]{0,17}");
    /** How far a timestamp may be in the future: the clocks' skew, not the age. */
    static final Duration MAX_FUTURE = Duration.ofSeconds(60);

    private final List<SecretKeySpec> keys;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param signingKeys 1 or 2 ConfigCat signing keys (2 during rotation), used as UTF-8 bytes;
     *        surrounding whitespace is stripped
     * @param maxAge largest accepted distance between the request timestamp and now, in either direction
     * @param clock source of "now"
     */
    public WebhookVerifier(List<Secret> signingKeys, Duration maxAge, Clock clock) {
        Objects.requireNonNull(signingKeys, "signingKeys");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (signingKeys.isEmpty() || signingKeys.size() > 2) {
            throw new IllegalArgumentException("expected 1 or 2 signing keys, got " + signingKeys.size());
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        List<SecretKeySpec> specs = new ArrayList<>(signingKeys.size());
        for (int i = 0; i < signingKeys.size(); i++) {
            Secret key = signingKeys.get(i);
            if (key == null) {
                throw new IllegalArgumentException("signing key #" + (i + 1) + " is null");
            }
            specs.add(new SecretKeySpec(key.reveal().strip().getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
        }
        this.keys = List.copyOf(specs);
    }

    /**
     * @param webhookId value of {@code X-ConfigCat-Webhook-ID}
     * @param timestamp value of {@code X-ConfigCat-Webhook-Timestamp}
     * @param signatureHeader value of {@code X-ConfigCat-Webhook-Signature-V1}
     * @param body raw request body exactly as received; {@code null} means no body
     */
    public Verdict verify(String webhookId, String timestamp, String signatureHeader, byte[] body) {
        Verdict headers = checkHeaders(webhookId, timestamp, signatureHeader);
        if (headers != Verdict.VALID) {
            return headers;
        }
        List<byte[]> received = decodeSignatures(signatureHeader);

        byte[] prefix = (webhookId + timestamp).getBytes(StandardCharsets.UTF_8);
        byte[] payload = body == null ? new byte[0] : body;
        boolean matched = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, prefix, payload);
            for (byte[] candidate : received) {
                // no early exit: every candidate is compared against every key
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        return matched ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /**
     * What can be told from the headers alone, before the body is read: all present, well formed, and a timestamp at
     * most {@code maxAge} old and {@link #MAX_FUTURE} ahead; {@link Verdict#VALID} when the signature is left to check.
     */
    public Verdict checkHeaders(String webhookId, String timestamp, String signatureHeader) {
        if (isBlank(webhookId) || isBlank(timestamp) || isBlank(signatureHeader)) {
            return Verdict.MISSING_HEADER;
        }
        if (!UNIX_SECONDS.matcher(timestamp).matches() || decodeSignatures(signatureHeader) == null) {
            return Verdict.MALFORMED;
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        long ahead = Math.min(maxAge.getSeconds(), MAX_FUTURE.getSeconds());
        return age > maxAge.getSeconds() || -age > ahead ? Verdict.STALE : Verdict.VALID;
    }

    /** Decoded signatures, or {@code null} if the header holds none or any entry is not valid base64. */
    private static List<byte[]> decodeSignatures(String header) {
        List<byte[]> result = new ArrayList<>();
        for (String part : header.split(",")) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                result.add(Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return result.isEmpty() ? null : result;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // The messages of these exceptions do not contain key material.
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "WebhookVerifier[keys=" + keys.size() + ", maxAge=" + maxAge + "]";
    }
}
