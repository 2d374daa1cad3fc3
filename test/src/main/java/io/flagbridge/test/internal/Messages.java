package io.flagbridge.test.internal;

import java.time.Duration;

/**
 * Every coded message of the test kit, one method per code (range 0200-0299). docs/message-codes.md lists
 * them.
 */
public final class Messages {

    private Messages() {
    }

    private static String coded(int code, String text) {
        return String.format("FLAGBRIDGE-%04d: ", code) + text;
    }

    public static String keyBlank(String where) {
        return coded(200, where + " has a blank flag key; expected the key of a ConfigCat flag");
    }

    public static String valueUnsupported(String where, String key, String javaType) {
        return coded(201, where + " gives flag '" + key + "' a value of type " + javaType + "; expected a Boolean, "
                + "String, Integer or Double (ConfigCat's flag types), or text to read as the flag's type");
    }

    public static String valueDoesNotFit(String where, String key, String flagType, String value, String expected) {
        return coded(202, where + " gives " + flagType + " flag '" + key + "' the value " + value + ", which is not a "
                + flagType + "; expected " + expected);
    }

    public static String keyOverriddenTwice(String where, String key) {
        return coded(203, where + " overrides flag '" + key + "' twice; expected one @FlagOverride per key");
    }

    public static String noKit(String where) {
        return coded(204, where + " needs the test kit in a running container: annotate the test class with "
                + "@FlagBridgeTest, or run it in-container with flagbridge-test in the test archive");
    }

    public static String awaitArguments(String event, int count, Duration timeout) {
        return coded(205, "awaitTracks(\"" + event + "\", " + count + ", " + timeout + ") is invalid; expected an "
                + "event name, a count of at least 1 and a positive timeout");
    }

    public static String tracksMissing(String event, int count, Duration timeout, int arrived, String recorded) {
        return coded(206, "expected at least " + count + " '" + event + "' track(s) within " + timeout + ", but "
                + arrived + " arrived; recorded: " + recorded);
    }

    public static String blankRequestName() {
        return coded(220, "a TestRequest header or parameter needs a name; expected a name that is not blank");
    }

    public static String requestMethodUnsupported(String method) {
        return coded(221, "the test kit's HttpServletRequest offers headers, parameters and the caller "
                + "(TestRequest); HttpServletRequest." + method + "() is not offered on Weld SE: run the test "
                + "in-container for it");
    }

    public static String requestHeaderTwice(String where, String name) {
        return coded(222, where + " sets header '" + name + "' twice; expected one @RequestHeader per name");
    }

    public static String requestWithoutServletApi(String where) {
        return coded(223, where + " needs the Servlet API on the test class path (jakarta.servlet:jakarta.servlet-api, "
                + "scope test or provided), for the test kit's HttpServletRequest");
    }
}
