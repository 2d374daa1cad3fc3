package io.flagbridge.internal.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.util.Secret;

import static io.flagbridge.internal.ConfigKeys.CHANGED_SOURCE;
import static io.flagbridge.internal.ConfigKeys.CONFIG_ID;
import static io.flagbridge.internal.ConfigKeys.CONFIG_NAME;
import static io.flagbridge.internal.ConfigKeys.ENVIRONMENT_ID;
import static io.flagbridge.internal.ConfigKeys.ENVIRONMENT_NAME;
import static io.flagbridge.internal.ConfigKeys.PRODUCT_ID;
import static io.flagbridge.internal.ConfigKeys.PRODUCT_NAME;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_MAX_AGE;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_PATH;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_SIGNING_KEYS;
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
public record ChangeSettings(String webhookPath, List<Secret> signingKeys, Duration webhookMaxAge,
        ChangedSource segmentSource, Optional<String> productId, Optional<String> productName,
        Optional<String> configId, Optional<String> configName, Optional<String> environmentId,
        Optional<String> environmentName) {

    /** Where Segment's "Feature Flag Changed" comes from. */
    public enum ChangedSource {
        WEBHOOK,
        SDK,
        OFF
    }

    public static final String DEFAULT_PATH = "/flagbridge/configcat-webhook";
    /** The longest {@code configcat.webhook.max-age}: replays are remembered that long. */
    public static final Duration MAX_WEBHOOK_MAX_AGE = Duration.ofHours(24);

    private static final Map<String, ChangedSource> SOURCES = words("webhook", ChangedSource.WEBHOOK, "sdk",
            ChangedSource.SDK, "off", ChangedSource.OFF);

    public boolean webhookEnabled() {
        return !signingKeys.isEmpty();
    }

    /** The webhook's path, as the servlet is registered (read before the settings are validated). */
    public static String webhookPath(ConfigReader reader) {
        return reader.string(WEBHOOK_PATH).orElse(DEFAULT_PATH);
    }

    /** Reads and checks the keys; empty when the reader reported a problem. */
    public static Optional<ChangeSettings> read(ConfigReader reader) {
        int before = reader.problems().size();
        String path = webhookPath(reader);
        if (!path.startsWith("/") || path.contains("*") || path.contains(" ") || path.length() < 2) {
            reader.problem(Messages.webhookPathInvalid(path, DEFAULT_PATH));
        }
        List<Secret> keys = reader.list(WEBHOOK_SIGNING_KEYS).orElse(List.of()).stream().map(Secret::of).toList();
        if (keys.size() > 2) {
            reader.problem(Messages.tooManySigningKeys(keys.size()));
        }
        Duration maxAge = reader.duration(WEBHOOK_MAX_AGE, Duration.ofMinutes(5), Duration.ofSeconds(1),
                MAX_WEBHOOK_MAX_AGE, Messages::webhookMaxAgeInvalid);
        ChangedSource source = reader.choice(CHANGED_SOURCE, SOURCES,
                keys.isEmpty() ? ChangedSource.OFF : ChangedSource.WEBHOOK, Messages::changedSourceInvalid);
        if (source == ChangedSource.WEBHOOK && keys.isEmpty() && reader.string(CHANGED_SOURCE).isPresent()) {
            reader.problem(Messages.webhookSourceWithoutKeys());
        }
        if (reader.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ChangeSettings(path, keys, maxAge, source, reader.string(PRODUCT_ID),
                reader.string(PRODUCT_NAME), reader.string(CONFIG_ID), reader.string(CONFIG_NAME),
                reader.string(ENVIRONMENT_ID), reader.string(ENVIRONMENT_NAME)));
    }
}
