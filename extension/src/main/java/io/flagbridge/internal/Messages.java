package io.flagbridge.internal;

import java.time.Duration;
import java.util.Optional;

import static io.flagbridge.internal.ConfigKeys.BASE_URL;
import static io.flagbridge.internal.ConfigKeys.CACHE_REFRESH_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.CHANGED_SOURCE;
import static io.flagbridge.internal.ConfigKeys.DATA_GOVERNANCE;
import static io.flagbridge.internal.ConfigKeys.DEDUPE_WINDOW;
import static io.flagbridge.internal.ConfigKeys.ENDPOINT;
import static io.flagbridge.internal.ConfigKeys.EVALUATED_ENABLED;
import static io.flagbridge.internal.ConfigKeys.EVENTS_QUEUE_CAPACITY;
import static io.flagbridge.internal.ConfigKeys.EXPOSURES;
import static io.flagbridge.internal.ConfigKeys.EXPOSURE_FLAGS;
import static io.flagbridge.internal.ConfigKeys.FLUSH_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.FLUSH_SIZE;
import static io.flagbridge.internal.ConfigKeys.HASH_KEY;
import static io.flagbridge.internal.ConfigKeys.HASH_USER_ID;
import static io.flagbridge.internal.ConfigKeys.HEALTH_ENABLED;
import static io.flagbridge.internal.ConfigKeys.LOG_LEVEL;
import static io.flagbridge.internal.ConfigKeys.MAX_INIT_WAIT;
import static io.flagbridge.internal.ConfigKeys.MAX_IN_FLIGHT;
import static io.flagbridge.internal.ConfigKeys.OFFLINE;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_AUTO_RELOAD;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_BEHAVIOUR;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_FILE;
import static io.flagbridge.internal.ConfigKeys.OVERRIDES_RESOURCE;
import static io.flagbridge.internal.ConfigKeys.POLLING_MODE;
import static io.flagbridge.internal.ConfigKeys.POLL_INTERVAL;
import static io.flagbridge.internal.ConfigKeys.QUEUE_CAPACITY;
import static io.flagbridge.internal.ConfigKeys.QUEUE_MAX_BYTES;
import static io.flagbridge.internal.ConfigKeys.REQUEST_CONSISTENCY;
import static io.flagbridge.internal.ConfigKeys.RETRIES;
import static io.flagbridge.internal.ConfigKeys.SDK_KEY;
import static io.flagbridge.internal.ConfigKeys.SHUTDOWN_TIMEOUT;
import static io.flagbridge.internal.ConfigKeys.TELEMETRY_ENABLED;
import static io.flagbridge.internal.ConfigKeys.TELEMETRY_EVALUATION_EVENTS;
import static io.flagbridge.internal.ConfigKeys.TEXT_VALUE_MAX_LENGTH;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_MAX_AGE;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_PATH;
import static io.flagbridge.internal.ConfigKeys.WEBHOOK_SIGNING_KEYS;
import static io.flagbridge.internal.ConfigKeys.WRITE_KEY;

/**
 * Every coded message of the extension module, one method per code. docs/message-codes.md lists them.
 * Ranges: 0001-0019 ConfigCat configuration, 0020-0029 the ConfigCat client, 0030-0039 FlagBridge's events,
 * 0040-0069 Segment, 0070-0089 flag changes and the webhook, 0090-0099 health and telemetry, 0400-0449 the
 * application's configuration as a whole (its summary, unknown keys; 0420-0429 the request), 0500-0519 the ConfigCat
 * client (continued).
 * The interceptor module has 0100-0199. A code names one problem; a retired code is not reused.
 */
public final class Messages {

    private Messages() {
    }

    private static String coded(int code, String text) {
        return String.format("FLAGBRIDGE-%04d: ", code) + text;
    }

    private static String invalid(int code, String key, String value, String expected) {
        return coded(code, key + "='" + value + "' is invalid; " + expected);
    }

    // 0001-0019: ConfigCat configuration

    /** @param nearMiss a key that is set and looks like a misspelt {@code configcat.overrides.behaviour} */
    public static String sdkKeyMissing(Optional<String> nearMiss) {
        return coded(1, SDK_KEY + " is not set; it is required unless " + OVERRIDES_BEHAVIOUR + "=local-only"
                + nearMiss.map(key -> " (" + key + " is set: did you mean " + OVERRIDES_BEHAVIOUR + "?)").orElse(""));
    }

    /** @param maskedKey the key as {@code Secret.mask} shows it */
    public static String sdkKeyInvalid(String maskedKey) {
        return invalid(2, SDK_KEY, maskedKey, "expected configcat-sdk-1/<22 characters>/<22 characters>, "
                + "<22 characters>/<22 characters>, or configcat-proxy/<name> together with " + BASE_URL);
    }

    public static String pollingModeInvalid(String value, String expected) {
        return invalid(3, POLLING_MODE, value, expected);
    }

    public static String pollIntervalInvalid(String value, String expected) {
        return invalid(4, POLL_INTERVAL, value, expected);
    }

    public static String maxInitWaitInvalid(String value, String expected) {
        return invalid(5, MAX_INIT_WAIT, value, expected);
    }

    public static String cacheRefreshIntervalInvalid(String value, String expected) {
        return invalid(6, CACHE_REFRESH_INTERVAL, value, expected);
    }

    public static String baseUrlInvalid(String value) {
        return invalid(7, BASE_URL, value, "expected an absolute http or https URL without query or fragment");
    }

    public static String dataGovernanceInvalid(String value, String expected) {
        return invalid(8, DATA_GOVERNANCE, value, expected);
    }

    public static String offlineInvalid(String value, String expected) {
        return invalid(9, OFFLINE, value, expected);
    }

    public static String logLevelInvalid(String value, String expected) {
        return invalid(10, LOG_LEVEL, value, expected);
    }

    /** @param why what is wrong with the file and what is expected */
    public static String overridesFileInvalid(String value, String why) {
        return invalid(11, OVERRIDES_FILE, value, why);
    }

    /** @param why what is wrong with the resource and what is expected */
    public static String overridesResourceInvalid(String value, String why) {
        return invalid(12, OVERRIDES_RESOURCE, value, why);
    }

    public static String overridesBehaviourInvalid(String value, String expected) {
        return invalid(13, OVERRIDES_BEHAVIOUR, value, expected);
    }

    public static String overridesAutoReloadInvalid(String value, String expected) {
        return invalid(14, OVERRIDES_AUTO_RELOAD, value, expected);
    }

    public static String overridesFileAndResource() {
        return coded(15, OVERRIDES_FILE + " and " + OVERRIDES_RESOURCE + " are both set; expected at most one of them");
    }

    public static String overridesBehaviourWithoutFlags(String value) {
        return coded(16, OVERRIDES_BEHAVIOUR + "='" + value + "' has no local flags to apply; expected " + OVERRIDES_FILE
                + " or " + OVERRIDES_RESOURCE + " to be set as well");
    }

    public static String overridesAutoReloadOfResource() {
        return coded(17, OVERRIDES_AUTO_RELOAD + "=true works only with " + OVERRIDES_FILE + "; a resource of the "
                + "application (" + OVERRIDES_RESOURCE + ") cannot change while it runs");
    }

    /** @param source where the local flags come from, as the configuration names it */
    public static String flagKeyNotInLocalFlags(String where, String key, String source, Optional<String> nearest) {
        return coded(18, where + " names flag '" + key + "', which the local flags (" + source + ") do not have"
                + nearest.map(n -> "; did you mean '" + n + "'?").orElse("; expected a key of those flags"));
    }

    public static String gateOnLocalFlagOfType(String where, String key, String type, String source) {
        return coded(19, where + " names flag '" + key + "', which is a " + type + " flag in the local flags ("
                + source + "); @FeatureFlag needs a boolean flag");
    }

    // 0020-0029: the ConfigCat client

    /** @param reason the cause, with the SDK key redacted */
    public static String clientNotCreated(String maskedKey, String reason) {
        return coded(20, "the ConfigCat client for SDK key " + maskedKey + " could not be created: " + reason);
    }

    public static String clientCloseFailed(String reason) {
        return coded(21, "closing the ConfigCat client failed: " + reason);
    }

    public static String clientThreadsDidNotStop(Duration waited) {
        return coded(22, "ConfigCat's HTTP threads did not stop within " + waited.toMillis() + " ms");
    }

    public static String clientOutsideItsLifetime() {
        return coded(23, "the ConfigCatClient exists from the end of deployment validation until shutdown; it was "
                + "requested outside that time");
    }

    public static String fileWatcherNotClosed(String reason) {
        return coded(24, "ConfigCat's flag file watcher could not be closed; its thread may outlive the "
                + "application: " + reason);
    }

    /** @param what the part of the SDK FlagBridge reads, and what it does without it */
    public static String baseUrlInClear(String url) {
        return coded(26, BASE_URL + "=" + url + " is plain HTTP to a host that is not this machine: the SDK key would "
                + "travel in clear; expected an https URL");
    }

    public static String principalUnusable(RuntimeException failure) {
        return coded(27, "the container offers a Principal bean but could not give the caller's principal ("
                + failure.getClass().getName() + ": " + failure.getMessage() + "); flags evaluated for the current "
                + "user in this application use a @FlagUser parameter or a FlagUserResolver only");
    }

    public static String flagKeyNotInConfig(String where, String key, Optional<String> nearest) {
        return coded(28, where + " names flag '" + key + "', which ConfigCat's first config for this SDK key does "
                + "not have; it gets its default value until the flag exists"
                + nearest.map(n -> " (did you mean '" + n + "'?)").orElse(""));
    }

    /**
     * @param version the SDK version in use
     * @param tested the version FlagBridge is tested with
     * @param missing each private part that is missing, with what FlagBridge does without it
     */
    public static String configCatShapeChanged(String version, String tested, String missing) {
        return coded(25, "ConfigCat SDK " + version + " lacks private parts that FlagBridge reads (it is tested with "
                + tested + "): " + missing);
    }

    public static String testKitActive() {
        return coded(29, "the test kit (flagbridge-test) is on the class path: its overrides win over every flag "
                + "source and Segment messages are recorded in memory (the latest 10,000), never sent; it belongs in tests only");
    }

    // 0500-0519: the ConfigCat client (continued)

    public static String sdkKeyRefused(String maskedKey) {
        return coded(500, SDK_KEY + "=" + maskedKey + " was refused by ConfigCat's CDN (HTTP 403 or 404: \"Your SDK "
                + "Key seems to be wrong\"); expected the SDK key of a config and environment in ConfigCat's "
                + "dashboard. Without config data every flag serves its default value: the readiness check "
                + "flagbridge-configcat is DOWN and OpenFeature's provider FATAL until a config arrives");
    }

    // 0030-0039: FlagBridge's events

    public static String observerFailed(String flagKey, Throwable failure) {
        return coded(30, "an observer of FlagEvaluated failed for flag '" + flagKey + "' (logged at most once a "
                + "minute): " + failure);
    }

    public static String eventQueueFull(long droppedSoFar) {
        return coded(31, "FlagBridge's async event queue is full (" + EVENTS_QUEUE_CAPACITY + "); events for "
                + "@ObservesAsync observers are dropped (logged at most once a minute; " + droppedSoFar
                + " dropped so far)");
    }

    public static String asyncObserversUnfinished(Duration waited) {
        return coded(32, "FlagBridge's async observers did not finish within " + waited.toMillis() + " ms of the "
                + "application's stop; the events still queued were not delivered");
    }

    public static String exposuresInvalid(String value, String expected) {
        return invalid(37, EXPOSURES, value, expected);
    }

    public static String exposureFlagsEmpty(String value) {
        return coded(38, EXPOSURE_FLAGS + "=" + "'" + value + "' names no flag; expected comma-separated flag keys "
                + "such as newCheckout,newSearch");
    }

    // 0040-0069: Segment

    public static String textValueMaxLengthInvalid(String value, String expected) {
        return invalid(40, TEXT_VALUE_MAX_LENGTH, value, expected);
    }

    public static String dedupeWindowInvalid(String value, String expected) {
        return invalid(41, DEDUPE_WINDOW, value, expected);
    }

    public static String hashUserIdInvalid(String value, String expected) {
        return invalid(42, HASH_USER_ID, value, expected);
    }

    public static String hashKeyMissing() {
        return coded(43, HASH_USER_ID + "=true needs " + HASH_KEY + " (the HMAC-SHA256 key) to be set as well");
    }

    public static String evaluatedEnabledInvalid(String value, String expected) {
        return invalid(44, EVALUATED_ENABLED, value, expected);
    }

    public static String queueCapacityInvalid(String value, String expected) {
        return invalid(45, QUEUE_CAPACITY, value, expected);
    }

    public static String flushIntervalInvalid(String value, String expected) {
        return invalid(46, FLUSH_INTERVAL, value, expected);
    }

    public static String flushSizeInvalid(String value, String expected) {
        return invalid(47, FLUSH_SIZE, value, expected);
    }

    public static String maxInFlightInvalid(String value, String expected) {
        return invalid(54, MAX_IN_FLIGHT, value, expected);
    }

    public static String retriesInvalid(String value, String expected) {
        return invalid(48, RETRIES, value, expected);
    }

    public static String shutdownTimeoutInvalid(String value, String expected) {
        return invalid(49, SHUTDOWN_TIMEOUT, value, expected);
    }

    public static String eventsQueueCapacityInvalid(String value, String expected) {
        return invalid(50, EVENTS_QUEUE_CAPACITY, value, expected);
    }

    public static String endpointInvalid(String value, String expected) {
        return invalid(51, ENDPOINT, value, expected);
    }

    public static String endpointInClear(String endpoint) {
        return coded(52, ENDPOINT + "=" + endpoint + " is plain HTTP to a host that is not this machine: the write key "
                + "would travel in clear; expected an https URL");
    }

    public static String queueMaxBytesInvalid(String value, String expected) {
        return invalid(53, QUEUE_MAX_BYTES, value, expected);
    }

    /** @param failure the class of what was thrown (its message may hold a user's data) */
    public static String batchFailedToSend(int messages, String failure) {
        return coded(55, "a batch of " + messages + " Segment messages could not be sent (" + failure + ") and is "
                + "counted as failed; the lane goes on with the next batch (logged at most once a minute)");
    }

    /** @param failure the class of what was thrown */
    public static String laneFailed(String thread, String failure) {
        return coded(56, "FlagBridge's Segment sender " + thread + " hit an unexpected " + failure + " and goes on "
                + "(logged at most once a minute)");
    }

    public static String messagesDropped(String why, long droppedSoFar) {
        return coded(60, "Segment messages are dropped: " + why + " (logged at most once a minute; " + droppedSoFar
                + " dropped so far)");
    }

    public static String messageTooLarge(int bytes, int limit) {
        return coded(61, "a Segment message of " + bytes + " bytes was not sent: Segment refuses messages over "
                + limit + " bytes (logged at most once a minute)");
    }

    public static String undeliveredAtStop(long messages, Duration timeout) {
        return coded(62, messages + " Segment messages were not delivered within " + SHUTDOWN_TIMEOUT + "="
                + timeout);
    }

    public static String batchNotAccepted(int messages, String reason) {
        return coded(63, "Segment did not accept a batch of " + messages + " messages (logged at most once a "
                + "minute): " + reason);
    }

    public static String messagesRefused(int messages, int status) {
        return coded(67, "Segment refused " + messages + " message(s) for their content (HTTP " + status + "); the "
                + "other messages of their batch were sent (logged at most once a minute)");
    }

    public static String segmentUnreachable(String reason, int pending) {
        return coded(68, "Segment is unreachable or failing (" + reason + "); " + pending + " messages are kept and "
                + "retried, up to " + QUEUE_CAPACITY + " and " + QUEUE_MAX_BYTES + " (logged at most once a minute)");
    }

    public static String evaluatedMessageNotBuilt(String flagKey, Throwable failure) {
        return coded(64, "a Segment message for flag '" + flagKey + "' could not be built (logged at most once a "
                + "minute): " + failure);
    }

    public static String trackMessageNotBuilt(String event, Throwable failure) {
        return coded(69, "the Segment track message '" + event + "' could not be built (logged at most once a "
                + "minute): " + failure);
    }

    public static String changedMessageNotBuilt(String flagKey, Throwable failure) {
        return coded(66, "a Segment message for the change of flag '" + flagKey + "' could not be built (logged at "
                + "most once a minute): " + failure);
    }

    // 0070-0089: flag changes and the webhook

    public static String webhookPathInvalid(String value, String example) {
        return invalid(70, WEBHOOK_PATH, value,
                "expected a path that starts with / and has no * or spaces, such as " + example);
    }

    public static String tooManySigningKeys(int keys) {
        return coded(71, WEBHOOK_SIGNING_KEYS + " has " + keys + " keys; expected one or two (ConfigCat's primary "
                + "and secondary signing keys)");
    }

    public static String webhookMaxAgeInvalid(String value, String expected) {
        return invalid(72, WEBHOOK_MAX_AGE, value, expected);
    }

    public static String changedSourceInvalid(String value, String expected) {
        return invalid(73, CHANGED_SOURCE, value, expected);
    }

    public static String webhookSourceWithoutKeys() {
        return coded(74, CHANGED_SOURCE + "=webhook needs " + WEBHOOK_SIGNING_KEYS + " (the webhook is off without "
                + "them); expected sdk or off, or signing keys");
    }

    public static String changeNotReported(Throwable failure) {
        return coded(75, "a config change could not be reported (logged at most once a minute): " + failure);
    }

    public static String webhookRefused(String remoteAddress, int status, String why) {
        return coded(76, "a ConfigCat webhook request from " + remoteAddress + " was refused (" + status + ": " + why
                + ")");
    }

    public static String webhookRefreshFailed(String reason) {
        return coded(78, "a verified ConfigCat webhook could not refresh the flags: " + reason + "; the next poll "
                + "fetches them");
    }

    public static String webhookBodyUnparsable() {
        return coded(77, "a verified ConfigCat webhook had a body that is not the JSON FlagBridge documents "
                + "(ConfigCat pastes change notes unescaped); the client was refreshed and the changes are reported "
                + "from the new config instead");
    }

    public static String flagFileNotReread(String file, String failure) {
        return coded(79, "ConfigCat could not read the edited flag file " + file + " (" + OVERRIDES_FILE + "): "
                + failure + "; the flags stay as they were, and the file is watched on (a simple file needs at least "
                + "one flag in {\"flags\":{...}})");
    }

    /** @param servlet the name of the application's servlet that maps the path; empty when the container hides it */
    public static String webhookPathTaken(String path, Optional<String> servlet) {
        return coded(80, WEBHOOK_PATH + "='" + path + "' is already mapped by the application's "
                + servlet.map(name -> "servlet '" + name + "'").orElse("servlets") + ", so ConfigCat's webhook cannot "
                + "be registered there; expected a path that no servlet of the application maps (set " + WEBHOOK_PATH
                + ")");
    }

    // 0090-0099: health and telemetry

    public static String healthEnabledInvalid(String value, String expected) {
        return invalid(90, HEALTH_ENABLED, value, expected);
    }

    public static String telemetryEnabledInvalid(String value, String expected) {
        return invalid(91, TELEMETRY_ENABLED, value, expected);
    }

    public static String evaluationEventsInvalid(String value, String expected) {
        return invalid(96, TELEMETRY_EVALUATION_EVENTS, value, expected);
    }

    /** @param reason what is missing of the application's OpenTelemetry API */
    public static String logsApiUnavailable(String reason) {
        return coded(97, "FlagBridge cannot emit feature_flag.evaluation as a log record: " + reason + " (the Logs "
                + "API needs OpenTelemetry 1.27 or later); it adds the event to the current span instead (set "
                + TELEMETRY_EVALUATION_EVENTS + "=span to skip this)");
    }

    public static String evaluationTelemetryFailed(String reason) {
        return coded(98, "FlagBridge's telemetry of an evaluation failed (" + reason + "); flags are served as before, "
                + "and the evaluations' metrics or events may be missing (logged once)");
    }

    public static String telemetryUnavailable(String reason) {
        return coded(92, "FlagBridge reports no OpenTelemetry metrics or span events: " + reason + "; flags work as "
                + "before (set " + TELEMETRY_ENABLED + "=false to skip this)");
    }

    // 0400-0449: the application's configuration as a whole

    /**
     * @param application the application's name
     * @param flags where flags come from and how
     * @param segment whether Segment is on, to which host, or why not
     * @param webhook whether the webhook is on, at which path
     * @param operations readiness checks and telemetry, on or off
     */
    public static String started(String application, String flags, String segment, String webhook,
            String operations) {
        return coded(400, "FlagBridge started for application '" + application + "': flags " + flags + "; Segment "
                + segment + "; webhook " + webhook + "; " + operations);
    }

    public static String unknownKey(String key, Optional<String> nearest) {
        return coded(401, key + " is not a FlagBridge configuration key and is ignored"
                + nearest.map(n -> "; did you mean " + n + "?").orElse("; the keys are listed in "
                        + "docs/configuration.md"));
    }

    public static String segmentKeysWithoutWriteKey(String keys) {
        return coded(402, keys + (keys.contains(",") ? " are" : " is") + " set but " + WRITE_KEY
                + " is not: Segment is off, and " + (keys.contains(",") ? "they are" : "it is") + " ignored");
    }

    public static String gateOnFlagOfType(String where, String key, String type) {
        return coded(403, where + " names flag '" + key + "', which is a " + type + " flag in ConfigCat's first "
                + "config; @FeatureFlag needs a boolean flag, so the method gets its defaultValue until the flag is one");
    }

    /** @param source where the local flags come from, as the configuration names it */
    public static String exposureFlagNotInLocalFlags(String key, String source, Optional<String> nearest) {
        return coded(410, EXPOSURE_FLAGS + " names flag '" + key + "', which the local flags (" + source
                + ") do not have" + nearest.map(n -> "; did you mean '" + n + "'?")
                        .orElse("; expected a key of those flags"));
    }

    public static String exposureFlagNotInConfig(String key, Optional<String> nearest) {
        return coded(411, EXPOSURE_FLAGS + " names flag '" + key + "', which ConfigCat's first config for this SDK "
                + "key does not have; no exposure of it reaches Segment until the flag exists"
                + nearest.map(n -> " (did you mean '" + n + "'?)").orElse(""));
    }

    // 0420-0429: the request (one value per request, the user on other threads)

    public static String requestConsistencyInvalid(String value, String expected) {
        return invalid(420, REQUEST_CONSISTENCY, value, expected);
    }

    // 0440-0449: runtimes without portable extensions (Quarkus), and FlagBridge's services there

    /**
     * @param service the service that was asked for
     * @param key the configuration key that turns it on
     */
    public static String serviceOff(String service, String key) {
        return coded(440, service + " was requested, but " + key + " is not set, so the application has none");
    }
}
