package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;

/**
 * Segment message IDs: name-based UUIDs, so that the same message from replicas and retries gets the same ID and
 * Segment keeps one.
 */
final class MessageIds {

    private static final MessageDigest MD5 = md5();

    private MessageIds() {
    }

    /** The same (user, flag, variation, window) always gets the same ID. */
    static String evaluated(String userId, FlagEvaluated event, long bucket) {
        return nameUuid(String.join("\u0000", "flagbridge", userId, event.key(),
                event.variationId() == null ? String.valueOf(event.value()) : event.variationId(),
                Long.toString(bucket)));
    }

    /** The same (user, traits, window) always gets the same ID. */
    static String identify(String userId, String traits, long bucket) {
        return nameUuid(String.join("\u0000", "flagbridge-identify", userId, traits, Long.toString(bucket)));
    }

    static String changed(FlagChanged change) {
        return nameUuid(String.join("\u0000", "flagbridge-changed", change.key(), change.source().name(),
                String.valueOf(change.timestamp().getEpochSecond()), change.details()));
    }

    /** {@code UUID.nameUUIDFromBytes(UTF-8 of name)}, without looking up the MD5 provider on every call. */
    static String nameUuid(String name) {
        MessageDigest md5;
        try {
            md5 = (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        }
        byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (hash[i] & 0xff);
            low = low << 8 | (hash[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
