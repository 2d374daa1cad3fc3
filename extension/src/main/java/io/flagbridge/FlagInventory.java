package io.flagbridge;

import java.time.Instant;
import java.util.List;

/**
 * Which flags this application uses, and which it never does: the flags in its config, the keys its code names
 * ({@code @FeatureFlag}) and every key it evaluated, with how often and when last. Inject it anywhere
 * ({@code @Inject FlagInventory inventory}) and expose it as the application likes (a JAX-RS resource, a log line): a
 * flag that is in the config but {@link FlagUsage.State#NEVER_EVALUATED never evaluated} since {@link #since()} is a
 * candidate for removal. Counts come from what FlagBridge counts per flag anyway: reading the inventory costs an
 * evaluation nothing.
 */
public interface FlagInventory {

    /**
     * The {@link FlagUsage#key() key} of one entry that counts together the evaluations of keys that are not in the
     * config beyond the first {@value #MISSING_KEYS_BY_NAME}, so that memory does not grow with every unknown key asked
     * for.
     */
    String MORE_MISSING_KEYS = "(more missing keys)";

    /** How many evaluated keys that are not in the config are kept by name. */
    int MISSING_KEYS_BY_NAME = 100;

    /**
     * Every flag of the config, every key the code names and every key evaluated (the first
     * {@value #MISSING_KEYS_BY_NAME} of those the config lacks by name, the rest as {@link #MORE_MISSING_KEYS}), in
     * the order of their keys. Reading it notes which flags were evaluated since the last read, so that
     * {@link FlagUsage#lastEvaluated()} is at most a minute late.
     *
     * @return the flags, never null
     */
    List<FlagUsage> flags();

    /**
     * When the counting started: the application's start. "Never evaluated" means never since then.
     *
     * @return the instant the inventory started counting
     */
    Instant since();
}
