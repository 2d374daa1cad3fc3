package io.flagbridge;

import java.time.Instant;

/**
 * A flag of the application's ConfigCat config was added, removed or changed. Fired to {@code @Observes} and
 * {@code @ObservesAsync} observers (it is rare), once per changed flag.
 *
 * @param key the flag key
 * @param kind what happened to the flag
 * @param source who noticed: the SDK (a new config was fetched) or ConfigCat's webhook
 * @param details a short human summary, such as {@code default value: false -> true; targeting rules changed}
 * @param timestamp when the change happened (from the webhook) or was noticed (by the SDK)
 * @param configId the config's ID (webhook, or {@code configcat.config-id}), or {@code null}
 * @param configName the config's name, or {@code null}
 * @param environmentId the environment's ID, or {@code null}
 * @param environmentName the environment's name, or {@code null}
 * @param url the ConfigCat dashboard URL of the change, or {@code null}
 * @param changedByName who made the change (webhook only), or {@code null}
 * @param changedByEmail their email (webhook only), or {@code null}
 * @param changeNotes the change's notes (webhook only), or {@code null}
 */
public record FlagChanged(String key, Kind kind, Source source, String details, Instant timestamp, String configId,
        String configName, String environmentId, String environmentName, String url, String changedByName,
        String changedByEmail, String changeNotes) {

    /** What happened to a flag. */
    public enum Kind {
        /** The flag is new. */
        ADDED,
        /** The flag is gone. */
        REMOVED,
        /** Its value, type, targeting rules, percentage options or conditions changed. */
        CHANGED
    }

    /** Who noticed the change. */
    public enum Source {
        /** The client fetched a new config and FlagBridge compared it with the previous one. */
        SDK,
        /** ConfigCat called the application's change webhook. */
        WEBHOOK
    }
}
