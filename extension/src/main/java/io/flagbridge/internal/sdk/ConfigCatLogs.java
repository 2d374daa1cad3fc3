package io.flagbridge.internal.sdk;

import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What FlagBridge knows of ConfigCat 9.4.x's log lines: what their event IDs mean, and where the user and an
 * attribute's value stand in the texts of events 5000 (the evaluation log), 3004 and 3005 (a condition's attribute is
 * invalid). The SDK offers no structured form of them; {@code UserPrivacyTest} and {@code ClientLogTest} fail when
 * the texts change.
 */
public final class ConfigCatLogs {

    /** The CDN refused the SDK key (HTTP 403/404: "Your SDK Key seems to be wrong"). */
    public static final int SDK_KEY_REFUSED = 1100;
    /** The evaluation log ({@code configcat.log-level=info}): the flag, the user and each rule's outcome. */
    public static final int EVALUATION_LOG = 5000;

    private static final String USER_PREFIX = " for User '";
    /** The attribute a condition warning is about. */
    private static final Pattern ATTRIBUTE = Pattern.compile("the User\\.(.+?) attribute");
    /** An invalid value in the evaluation log: "the User.X attribute is invalid ('x' is not a valid ...)". */
    private static final Pattern INVALID_VALUE = Pattern.compile(
            "(the User\\.(.+?) attribute is invalid \\()'(.*?)'( is not a valid)");
    /** The user's value in warnings 3004 ("'x' is not a valid ...") and 3005 ("... to the string value 'x')"). */
    private static final Pattern QUOTED_VALUE = Pattern.compile("(\\(|string value )'(.*?)'( is not a valid|\\))");

    private ConfigCatLogs() {
    }

    /** Events 1100-1199: fetching the config failed. */
    public static boolean isFetchError(int eventId) {
        return eventId >= 1100 && eventId < 1200;
    }

    /**
     * Events that come once per evaluation (1000-1099: the flag is missing or failed; 3000-3099: the user lacks an
     * attribute a rule needs; 2200-2299: the shared cache failed, read at evaluations).
     */
    public static boolean isPerEvaluation(int eventId) {
        return (eventId >= 1000 && eventId < 1100) || (eventId >= 2200 && eventId < 2300)
                || (eventId >= 3000 && eventId < 3100);
    }

    /**
     * A line with the user written by {@code userJson} and an attribute's value masked where {@code mayShow} says no
     * for that attribute (by its name): in the evaluation log the user's JSON and "attribute is invalid" values, in
     * warnings 3004 and 3005 the quoted value (masked also when the attribute's name cannot be told).
     */
    public static String rewrite(int eventId, String line, UnaryOperator<String> userJson,
            Predicate<String> mayShow) {
        if (eventId == EVALUATION_LOG) {
            int start = line.indexOf(USER_PREFIX);
            int from = start < 0 ? -1 : start + USER_PREFIX.length();
            int end = from < 0 ? -1 : jsonObjectEnd(line, from);
            if (end < 0) {
                return line;
            }
            String rest = INVALID_VALUE.matcher(line.substring(end)).replaceAll(match -> Matcher.quoteReplacement(
                    mayShow.test(match.group(2)) ? match.group() : match.group(1) + "'****'" + match.group(4)));
            return line.substring(0, from) + userJson.apply(line.substring(from, end)) + rest;
        }
        if (eventId == 3004 || eventId == 3005) {
            Matcher attribute = ATTRIBUTE.matcher(line);
            if (!attribute.find() || !mayShow.test(attribute.group(1))) {
                return QUOTED_VALUE.matcher(line).replaceAll(match -> Matcher.quoteReplacement(match.group(1)
                        + "'****'" + match.group(3)));
            }
        }
        return line;
    }

    /** Where the JSON object that starts at {@code from} ends (exclusive), or -1. */
    private static int jsonObjectEnd(String text, int from) {
        if (from >= text.length() || text.charAt(from) != '{') {
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
