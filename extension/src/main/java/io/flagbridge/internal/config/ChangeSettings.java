package io.flagbridge.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.flagbridge.internal.config.ConfigReader.words;

/**
 * The validated configuration of change notifications: the webhook, the source of Segment's "Feature Flag Changed",
 * and the product, config and environment that SDK-detected changes are reported with.
 *
 * @param webhookPath the webhook's path in the web application
 * @param signingKeys the webhook signing keys (primary and secondary); empty: the webhook is off
 * @param webhookMaxAge how far a webhook's timestamp may be from now
 * @param segmentSource where "Feature Flag Changed" comes from
 * @param productId {@code configcat.product-id}
 * @param productName {@code configcat.product-name}
 * @param configId {@code configcat.config-id}
 * @param configName {@code configcat.config-name}
 * @param environmentId {@code configcat.environment-id}
 * @param environmentName {@code configcat.environment-name}
 */
public record ChangeSettings(String webhookPath, List<String> signingKeys, Duration webhookMaxAge,
        ChangedSource segmentSource, Optional<String> productId, Optional<String> productName,
        Optional<String> configId, Optional<String> configName, Optional<String> environmentId,
        Optional<String> environmentName) {

    /** Where Segment's "Feature Flag Changed" comes from. */
    public enum ChangedSource {
        WEBHOOK,
        SDK,
        OFF
    }

    public static final String WEBHOOK_PATH = "configcat.webhook.path";
    public static final String SIGNING_KEYS = "configcat.webhook.signing-keys";
    public static final String MAX_AGE = "configcat.webhook.max-age";
    public static final String CHANGED_SOURCE = "segment.changed.source";
    public static final String DEFAULT_PATH = "/flagbridge/configcat-webhook";

    private static final Map<String, ChangedSource> SOURCES = words("webhook", ChangedSource.WEBHOOK, "sdk",
            ChangedSource.SDK, "off", ChangedSource.OFF);

    public boolean webhookEnabled() {
        return !signingKeys.isEmpty();
    }

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<ChangeSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        String path = reader.string(WEBHOOK_PATH).orElse(DEFAULT_PATH);
        if (!path.startsWith("/") || path.contains("*") || path.contains(" ") || path.length() < 2) {
            reader.invalid("FLAGBRIDGE-0070", WEBHOOK_PATH, path,
                    "expected a path that starts with / and has no * or spaces, such as " + DEFAULT_PATH);
        }
        List<String> keys = reader.list(SIGNING_KEYS).orElse(List.of());
        if (keys.size() > 2) {
            reader.problem("FLAGBRIDGE-0071", SIGNING_KEYS + " has " + keys.size()
                    + " keys; expected one or two (ConfigCat's primary and secondary signing keys)");
        }
        Duration maxAge = reader.duration("FLAGBRIDGE-0072", MAX_AGE, Duration.ofMinutes(5), Duration.ofSeconds(1));
        ChangedSource source = reader.choice("FLAGBRIDGE-0073", CHANGED_SOURCE, SOURCES,
                keys.isEmpty() ? ChangedSource.OFF : ChangedSource.WEBHOOK);
        if (source == ChangedSource.WEBHOOK && keys.isEmpty() && reader.string(CHANGED_SOURCE).isPresent()) {
            reader.problem("FLAGBRIDGE-0074", CHANGED_SOURCE + "=webhook needs " + SIGNING_KEYS
                    + " (the webhook is off without them); expected sdk or off, or signing keys");
        }
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ChangeSettings(path, keys, maxAge, source, reader.string("configcat.product-id"),
                reader.string("configcat.product-name"), reader.string("configcat.config-id"),
                reader.string("configcat.config-name"), reader.string("configcat.environment-id"),
                reader.string("configcat.environment-name")));
    }

    @Override
    public String toString() {
        return "ChangeSettings[webhookPath=" + webhookPath + ", signingKeys=" + signingKeys.stream()
                .map(Secrets::mask).toList() + ", webhookMaxAge=" + webhookMaxAge + ", segmentSource="
                + segmentSource + ", productId=" + productId + ", productName=" + productName + ", configId="
                + configId + ", configName=" + configName + ", environmentId=" + environmentId
                + ", environmentName=" + environmentName + "]";
    }
}
