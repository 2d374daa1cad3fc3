package io.flagbridge.internal.segment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.util.Secret;

/**
 * Segment message IDs. Segment keeps one message per ID across every source and workspace for about a day, so each ID
 * is a hash of what the message is about under the application's namespace: the same exposure or change from any
 * replica of the application gets the same ID and collapses, and another application (another write key or ConfigCat
 * environment) never shares one. The namespace is derived one way from the write key; IDs are name-based UUIDs (36 characters).
 */
final class MessageIds {

    private final MessageDigest namespaced;

    private MessageIds(MessageDigest namespaced) {
        this.namespaced = namespaced;
    }

    /**
     * @param writeKey the application's Segment write key
     * @param environment its ConfigCat environment: {@code configcat.environment-id}, else the SDK key
     */
    static MessageIds of(Secret writeKey, String environment) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(writeKey.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] namespace = mac.doFinal(("flagbridge-message-ids\u0000" + environment)
                    .getBytes(StandardCharsets.UTF_8));
            // MD5 for each ID (cheaper than SHA-256 on the event thread, and unique enough for IDs): the namespace,
            // an HMAC-SHA256 of the write key, is what makes the ID one-way and the application's own.
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(namespace);
            return new MessageIds(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and MD5 are part of every Java runtime", e);
        }
    }

    /**
     * The same (user or anonymous ID, flag, variation and value, window) gets the same ID. The value counts beside
     * the variation ID: a hand-written config may give a flag a new value under the same variation ID, and that is
     * a new exposure.
     */
    String evaluated(String userId, String anonymousId, FlagEvaluated event, long bucket) {
        return id("evaluated", userId != null ? "u:" + userId : "a:" + anonymousId, event.key(),
                event.variationId() == null ? "v:" + event.value()
                        : "i:" + event.variationId() + "\u0000v:" + event.value(),
                Long.toString(bucket));
    }

    /**
     * The same (user, traits, window) gets the same ID, and so does the same change of traits: the traits before are a
     * part of it, so that a user whose traits go back to earlier ones is identified again.
     */
    String identify(String userId, long traits, long previousTraits, long bucket) {
        return id("identify", userId, Long.toHexString(traits), Long.toHexString(previousTraits),
                Long.toString(bucket));
    }

    /** An ID no other message has (a random UUID). */
    String unique() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xf000L | 0x4000L, random.nextLong() & ~(3L << 62) | (2L << 62))
                .toString();
    }

    /** A change's ID: from what changed, never from when a replica saw it. */
    String changed(String identity) {
        return id("changed", identity);
    }

    private String id(String... parts) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) namespaced.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MD5 digests can be cloned in every Java runtime", e);
        }
        for (String part : parts) {
            digest.update((byte) 0);
            digest.update(part.getBytes(StandardCharsets.UTF_8));
        }
        byte[] hash = digest.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3: name-based with MD5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (hash[i] & 0xff);
            low = low << 8 | (hash[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
