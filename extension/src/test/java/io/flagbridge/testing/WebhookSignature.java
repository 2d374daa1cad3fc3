package io.flagbridge.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a webhook request as ConfigCat does (V1): base64(HMAC-SHA256(key, id + timestamp + body)). */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((id + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    public static String sign(String key, String id, String timestamp, String body) {
        return sign(key, id, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }
}
