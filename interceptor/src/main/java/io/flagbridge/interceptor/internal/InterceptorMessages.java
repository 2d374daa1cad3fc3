package io.flagbridge.interceptor.internal;

import io.flagbridge.internal.ConfigKeys;

/**
 * Every coded message of the interceptor module, one method per code: 0100-0199 ({@code @FeatureFlag}). docs/message-codes.md
 * lists them; a code names one problem and a retired code is not reused.
 */
public final class InterceptorMessages {

    private InterceptorMessages() {
    }

    private static String coded(int code, String text) {
        return String.format("FLAGBRIDGE-%04d: ", code) + text;
    }

    private static String onMethod(int code, String method, String problem) {
        return coded(code, "@FeatureFlag on " + method + problem);
    }

    public static String priorityInvalid(String value, int defaultPriority) {
        return coded(100, ConfigKeys.INTERCEPTOR_PRIORITY + "='" + value + "' is invalid; expected a whole number (an "
                + "interceptor priority; the default is " + defaultPriority + ")");
    }

    public static String blankKey(String method) {
        return onMethod(101, method, " has a blank flag key; expected the key of a boolean flag");
    }

    public static String fallbackMissing(String method, String fallback, String beanClass, String parameters) {
        return onMethod(102, method, " names fallback method '" + fallback + "', which does not exist in " + beanClass
                + "; expected a method " + fallback + parameters);
    }

    public static String fallbackParameters(String method, String fallback, String found, String expected) {
        return onMethod(103, method, " names fallback method '" + fallback + "', which has other parameter types: "
                + found + "; expected " + fallback + expected);
    }

    public static String fallbackReturnType(String method, String fallback, String returned, String expected) {
        return onMethod(104, method, " names fallback method '" + fallback + "', which returns " + returned
                + "; expected a return type assignable to " + expected);
    }

    public static String twoFlagUsers(String method, int first, int second) {
        return onMethod(105, method, " has more than one @FlagUser parameter (" + first + " and " + second
                + "); expected at most one");
    }

    public static String flagUserType(String method, int position, String type, String expected) {
        return onMethod(106, method, ": its @FlagUser parameter " + position + " is of type " + type + "; expected "
                + expected + " or java.lang.String");
    }

    public static String notInterceptable(String method, String modifiers) {
        return onMethod(107, method, ": the method is " + modifiers + " and cannot be intercepted; expected a "
                + "non-private, non-static, non-final method");
    }

    public static String finalClass(String beanClass) {
        return coded(108, "@FeatureFlag on " + beanClass + ": the class is final and cannot be intercepted; expected "
                + "a class that is not final");
    }

    public static String staticFallback(String method, String fallback) {
        return onMethod(109, method, " names fallback method '" + fallback + "', which is static; expected an "
                + "instance method");
    }

    public static String evaluationFailed(String key, String method, boolean defaultValue, String error) {
        return coded(110, "flag '" + key + "' of @FeatureFlag on " + method + " could not be evaluated, so its "
                + "defaultValue " + defaultValue + " is used (logged once per flag): " + error);
    }

    public static String fallbackNotCallable(String method, String fallback, Throwable failure) {
        return onMethod(112, method, " names fallback method '" + fallback + "', which FlagBridge cannot call: "
                + failure);
    }

    // 0113-0129: @FeatureFlag's members set in MicroProfile Config

    public static String defaultValueInvalid(String key, String value) {
        return coded(113, key + "='" + value + "' is invalid; expected true or false");
    }

    public static String unknownMember(String key) {
        return coded(114, key + " names no member of @FeatureFlag; expected value, fallbackMethod or defaultValue "
                + "after FeatureFlag/");
    }

    public static String settingAppliesToNothing(String key) {
        return coded(115, key + " is set but applies to no @FeatureFlag, so it is ignored (an annotation on a method "
                + "reads <class>/<method>/FeatureFlag/<member>, one on a class <class>/FeatureFlag/<member>, with the "
                + "class that declares it)");
    }
}
