package io.flagbridge.internal.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;

import okhttp3.HttpUrl;

/**
 * Reads raw MicroProfile Config values as strings and collects one coded, exact message per bad value, so that every
 * problem of a configuration is reported at deployment at once, not only the first.
 */
public final class ConfigReader {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Boolean> BOOLEANS = words("true", Boolean.TRUE, "false", Boolean.FALSE);

    /** Makes the coded message for a bad value (a method of {@code Messages}). */
    @FunctionalInterface
    public interface Invalid {
        String message(String value, String expected);
    }

    private final Function<String, Optional<String>> source;
    private final Supplier<Iterable<String>> names;
    private final List<String> problems = new ArrayList<>();

    /** A reader that knows no key names (only what {@link #string} asks for). */
    public ConfigReader(Function<String, Optional<String>> source) {
        this(source, List::of);
    }

    /**
     * @param source a key's value
     * @param names the names of the keys the configuration has (for messages about misspelt keys)
     */
    public ConfigReader(Function<String, Optional<String>> source, Supplier<Iterable<String>> names) {
        this.source = source;
        this.names = names;
    }

    public static ConfigReader of(Config config) {
        return new ConfigReader(key -> config.getOptionalValue(key, String.class), config::getPropertyNames);
    }

    /**
     * The names of the keys the configuration has that look like FlagBridge's ({@code configcat.}, {@code segment.}
     * and {@code flagbridge.}, in any case), whether FlagBridge knows them or not.
     */
    public SortedSet<String> flagBridgeLikeNames() {
        SortedSet<String> found = new TreeSet<>();
        for (String name : names.get()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("configcat.") || lower.startsWith("segment.") || lower.startsWith("flagbridge.")) {
                found.add(name);
            }
        }
        return found;
    }

    /** The trimmed value, empty when the key is not set or blank. */
    public Optional<String> string(String key) {
        return source.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * One of a fixed set of words (case-insensitive); the map's iteration order is the order the message lists them in.
     */
    public <T> T choice(String key, Map<String, T> allowed, T defaultValue, Invalid invalid) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        T value = allowed.get(raw.get().toLowerCase(Locale.ROOT));
        if (value == null) {
            problem(invalid.message(raw.get(), "expected " + orList(List.copyOf(allowed.keySet()))));
            return defaultValue;
        }
        return value;
    }

    public boolean bool(String key, boolean defaultValue, Invalid invalid) {
        return choice(key, BOOLEANS, defaultValue, invalid);
    }

    /** A whole number of seconds, at least {@code min}. */
    public int seconds(String key, int defaultValue, int min, Invalid invalid) {
        return wholeNumber(key, defaultValue, min, "expected a whole number of seconds >= " + min, invalid);
    }

    /** A whole number, at least {@code min}. */
    public int integer(String key, int defaultValue, int min, Invalid invalid) {
        return wholeNumber(key, defaultValue, min, "expected a whole number >= " + min, invalid);
    }

    /** A whole number from min to max (both included). */
    public int integer(String key, int defaultValue, int min, int max, Invalid invalid) {
        return wholeNumber(key, defaultValue, min, max, "expected a whole number from " + min + " to " + max,
                invalid);
    }

    private int wholeNumber(String key, int defaultValue, int min, String expected, Invalid invalid) {
        return wholeNumber(key, defaultValue, min, Integer.MAX_VALUE, expected, invalid);
    }

    private int wholeNumber(String key, int defaultValue, int min, int max, String expected, Invalid invalid) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a value out of range
        }
        problem(invalid.message(raw.get(), expected));
        return defaultValue;
    }

    /** A size such as {@code 16MB}: a whole number with an optional unit B, KB, MB or GB (of 1024), at least min. */
    public long bytes(String key, long defaultValue, long min, Invalid invalid) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Matcher size = SIZE.matcher(raw.get());
        if (size.matches()) {
            try {
                long unit = switch (size.group(2).toUpperCase(Locale.ROOT)) {
                    case "KB" -> 1L << 10;
                    case "MB" -> 1L << 20;
                    case "GB" -> 1L << 30;
                    default -> 1;
                };
                long value = Math.multiplyExact(Long.parseLong(size.group(1)), unit);
                if (value >= min) {
                    return value;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        problem(invalid.message(raw.get(), "expected a size such as 16MB, 512KB or 1000000 (bytes), at least " + min
                + " bytes"));
        return defaultValue;
    }

    /** An ISO-8601 duration such as {@code PT10S}, from {@code min} to {@code max} (both included). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max, Invalid invalid) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(raw.get());
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) {
                return value;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        problem(invalid.message(raw.get(), "expected an ISO-8601 duration such as PT10S or PT1H, from " + min + " to "
                + max));
        return defaultValue;
    }

    /**
     * Whether the URL is one that HTTP can be sent to: http or https, a host, a port from 1 to 65535, and what OkHttp
     * parses (checked at deployment: a value that passed must not fail once threads run).
     */
    public static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null && url.getPort() <= 65535
                && url.getPort() != 0 && HttpUrl.parse(url.toString()) != null;
    }

    /** A comma-separated list of words; empty when the key is not set. */
    public Optional<List<String>> list(String key) {
        return string(key).map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(w -> !w.isEmpty())
                .toList());
    }

    /** Reports a coded message (a method of {@code Messages}). */
    public void problem(String message) {
        problems.add(message);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** An insertion-ordered map from alternating words and values, for {@link #choice}. */
    @SuppressWarnings("unchecked")
    public static <T> Map<String, T> words(Object... wordsAndValues) {
        Map<String, T> map = new LinkedHashMap<>();
        for (int i = 0; i < wordsAndValues.length; i += 2) {
            map.put((String) wordsAndValues[i], (T) wordsAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    static String orList(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
