package io.flagbridge.internal.config;

import java.util.Optional;

import com.configcat.DataGovernance;
import com.configcat.LogLevel;
import com.configcat.OverrideBehaviour;

import io.flagbridge.internal.util.Secret;

/**
 * The validated {@code configcat.*} configuration of one application.
 *
 * @param sdkKey the SDK key; for local-only flags without a configured key, a key unique to this application
 * @param polling the polling mode
 * @param pollIntervalSeconds auto polling: seconds between fetches
 * @param maxInitWaitSeconds auto polling: seconds the first evaluation may wait for data
 * @param cacheRefreshIntervalSeconds lazy loading: cache TTL in seconds
 * @param baseUrl CDN or ConfigCat Proxy URL without a trailing slash; empty for the SDK's default
 * @param dataGovernance the data governance (CDN region) setting
 * @param offline whether the client starts offline
 * @param logLevel the SDK's log level
 * @param overrides local flags, if configured
 */
public record ClientSettings(Secret sdkKey, Polling polling, int pollIntervalSeconds, int maxInitWaitSeconds,
        int cacheRefreshIntervalSeconds, Optional<String> baseUrl, DataGovernance dataGovernance, boolean offline,
        LogLevel logLevel, Optional<Overrides> overrides) {

    /** ConfigCat's polling modes. */
    public enum Polling {
        AUTO,
        LAZY,
        MANUAL
    }

    /** The prefix of the SDK key FlagBridge makes up for local-only flags without a configured one. */
    public static final String LOCAL_ONLY_KEY_PREFIX = "flagbridge-local-only/";

    /**
     * The ConfigCat environment this application reads, as far as FlagBridge can tell without
     * {@code configcat.environment-id}: its SDK key, or {@code local-only} for local flags without one.
     */
    public String environment() {
        return sdkKey.reveal().startsWith(LOCAL_ONLY_KEY_PREFIX) ? "local-only" : sdkKey.reveal();
    }

    public boolean localOnly() {
        return overrides.map(o -> o.behaviour() == OverrideBehaviour.LOCAL_ONLY).orElse(false);
    }
}
