package io.flagbridge.openfeature.internal;

/**
 * Every coded message of the OpenFeature module, one method per code (0300-0399). docs/message-codes.md lists
 * them. A code names one problem; a retired code is not reused.
 */
public final class OpenFeatureMessages {

    private OpenFeatureMessages() {
    }

    private static String coded(int code, String text) {
        return String.format("FLAGBRIDGE-%04d: ", code) + text;
    }

    public static String unsupportedAttribute(String name, String type) {
        return coded(300, "the evaluation context's attribute '" + name + "' is " + type + ", which ConfigCat cannot "
                + "compare; allowed: text, a number, a boolean (as text), a date (an Instant) or a list of texts");
    }

    public static String evaluationFailed(String flagKey, Throwable failure) {
        return coded(301, "flag '" + flagKey + "' could not be evaluated through OpenFeature: " + failure);
    }

    public static String noConfigData() {
        return coded(302, "the ConfigCat client has no config data yet (the first fetch failed or timed out); "
                + "OpenFeature evaluations serve their default values until a config arrives");
    }

    public static String notStarted() {
        return coded(303, "OpenFeature's client is not available: FlagBridge did not start for this application "
                + "(see its deployment problems)");
    }

    public static String fetchFailed(String error) {
        return coded(304, "ConfigCat could not fetch the config: " + error);
    }

    public static String notAStructure(String flagKey) {
        return coded(305, "flag '" + flagKey + "' is not a JSON object or list; an object evaluation needs a text "
                + "flag whose value is JSON");
    }

    public static String shutdownFailed(Throwable failure) {
        return coded(306, "OpenFeature did not shut down cleanly: " + failure);
    }
}
