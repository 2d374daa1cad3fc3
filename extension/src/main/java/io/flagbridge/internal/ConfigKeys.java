package io.flagbridge.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.flagbridge.internal.util.Nearest;

/** Every configuration key FlagBridge reads (MicroProfile Config), in the order of docs/configuration.md's table. */
public final class ConfigKeys {

    public static final String SDK_KEY = "configcat.sdk-key";
    public static final String POLLING_MODE = "configcat.polling-mode";
    public static final String POLL_INTERVAL = "configcat.poll-interval";
    public static final String MAX_INIT_WAIT = "configcat.max-init-wait";
    public static final String CACHE_REFRESH_INTERVAL = "configcat.cache-refresh-interval";
    public static final String BASE_URL = "configcat.base-url";
    public static final String DATA_GOVERNANCE = "configcat.data-governance";
    public static final String OFFLINE = "configcat.offline";
    public static final String LOG_LEVEL = "configcat.log-level";
    public static final String OVERRIDES_FILE = "configcat.overrides.file";
    public static final String OVERRIDES_RESOURCE = "configcat.overrides.resource";
    public static final String OVERRIDES_BEHAVIOUR = "configcat.overrides.behaviour";
    public static final String OVERRIDES_AUTO_RELOAD = "configcat.overrides.auto-reload";

    public static final String INTERCEPTOR_PRIORITY = "flagbridge.interceptor.priority";
    public static final String EVENTS_QUEUE_CAPACITY = "flagbridge.events.queue-capacity";

    public static final String WRITE_KEY = "segment.write-key";
    public static final String ENDPOINT = "segment.endpoint";
    public static final String ANONYMOUS_ID = "segment.anonymous-id";
    public static final String TEXT_VALUE_MAX_LENGTH = "segment.text-value-max-length";
    public static final String DEDUPE_WINDOW = "segment.dedupe-window";
    public static final String USER_ATTRIBUTES = "segment.user-attributes";
    public static final String PRIVATE_ATTRIBUTES = "segment.private-attributes";
    public static final String HASH_USER_ID = "segment.hash-user-id";
    public static final String HASH_KEY = "segment.hash-key";
    public static final String EVALUATED_ENABLED = "segment.evaluated.enabled";
    public static final String EXPOSURES = "segment.exposures";
    public static final String EXPOSURE_FLAGS = "segment.exposure-flags";
    public static final String QUEUE_CAPACITY = "segment.queue-capacity";
    public static final String QUEUE_MAX_BYTES = "segment.queue-max-bytes";
    public static final String FLUSH_INTERVAL = "segment.flush-interval";
    public static final String FLUSH_SIZE = "segment.flush-size";
    public static final String RETRIES = "segment.retries";
    public static final String MAX_IN_FLIGHT = "segment.max-in-flight";
    public static final String SHUTDOWN_TIMEOUT = "segment.shutdown-timeout";
    public static final String CHANGED_SOURCE = "segment.changed.source";

    public static final String WEBHOOK_SIGNING_KEYS = "configcat.webhook.signing-keys";
    public static final String WEBHOOK_PATH = "configcat.webhook.path";
    public static final String WEBHOOK_MAX_AGE = "configcat.webhook.max-age";
    public static final String PRODUCT_ID = "configcat.product-id";
    public static final String PRODUCT_NAME = "configcat.product-name";
    public static final String CONFIG_ID = "configcat.config-id";
    public static final String CONFIG_NAME = "configcat.config-name";
    public static final String ENVIRONMENT_ID = "configcat.environment-id";
    public static final String ENVIRONMENT_NAME = "configcat.environment-name";

    public static final String HEALTH_ENABLED = "flagbridge.health.enabled";
    public static final String TELEMETRY_ENABLED = "flagbridge.telemetry.enabled";
    public static final String TELEMETRY_EVALUATION_EVENTS = "flagbridge.telemetry.evaluation-events";

    public static final String APPLICATION_NAME = "flagbridge.application-name";

    public static final String REQUEST_CONSISTENCY = "flagbridge.request-consistency";

    /** Every key above: a key added here is known at once (the warning of unknown keys reads this). */
    public static final Set<String> ALL = all();

    private ConfigKeys() {
    }

    /** The keys that are set but are none of FlagBridge's, each with the nearest key FlagBridge knows. */
    public static Map<String, Optional<String>> unknown(Collection<String> configured) {
        Map<String, Optional<String>> unknown = new LinkedHashMap<>();
        for (String key : configured) {
            if (!ALL.contains(key)) {
                unknown.put(key, Nearest.to(key, ALL));
            }
        }
        return unknown;
    }

    private static Set<String> all() {
        Set<String> keys = new TreeSet<>();
        for (Field field : ConfigKeys.class.getFields()) {
            if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableSet(keys);
    }
}
