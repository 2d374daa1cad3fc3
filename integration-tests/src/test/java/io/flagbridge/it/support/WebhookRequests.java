package io.flagbridge.it.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** ConfigCat's webhook requests, as ConfigCat sends them. */
public final class WebhookRequests {

    private WebhookRequests() {
    }

    /**
     * The body FlagBridge's documentation has users paste into ConfigCat, as ConfigCat expands it for one change of
     * the flag {@code checkout} by Ann Lee.
     */
    public static String body(String notes) {
        return "{\"configId\":\"c-1\",\"configName\":\"Main Config\",\"environmentId\":\"e-1\","
                + "\"environmentName\":\"Production\",\"url\":\"https://app.configcat.com/c-1\","
                + "\"changedBy\":\"Ann Lee (ann@example.com)\",\"changeNotes\":\"" + notes + "\","
                + "\"changeDetails\":[{\"settingKey\":\"checkout\",\"event\":\"changed\","
                + "\"details\":\"\\r\\ncheckout: false \u2794 true\"}]}";
    }

    /** The signature {@code X-ConfigCat-Webhook-Signature-V1}: {@code base64(HMAC-SHA256(key, id + timestamp + body))}. */
    public static String sign(String key, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(
                    mac.doFinal((id + timestamp + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
