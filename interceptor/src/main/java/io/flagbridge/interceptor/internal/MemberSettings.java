package io.flagbridge.interceptor.internal;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @FeatureFlag}'s members set in MicroProfile Config, as MicroProfile Fault Tolerance reads its annotations'
 * members: {@code <class>/<method>/FeatureFlag/<member>} for an annotation on the method,
 * {@code <class>/FeatureFlag/<member>} for one on the class (the class that declares it), {@code FeatureFlag/<member>}
 * for every one; the most specific wins. Read at deployment; it remembers which keys applied to some annotation, so
 * that a key that applies to none can be named.
 */
final class MemberSettings {

    static final String ANNOTATION = "FeatureFlag";
    static final String VALUE = "value";
    static final String FALLBACK_METHOD = "fallbackMethod";
    static final String DEFAULT_VALUE = "defaultValue";
    static final List<String> MEMBERS = List.of(VALUE, FALLBACK_METHOD, DEFAULT_VALUE);

    /** A key of this scheme: an optional class, an optional method, the annotation, a member. */
    private static final Pattern KEY = Pattern.compile("(?:(?<class>[^/]+)/(?:(?<method>[^/]+)/)?)?" + ANNOTATION
            + "/(?<member>[^/]*)");

    /** A member's configured value and the key it was set with. */
    record Setting(String key, String value) {

        /** How messages name it: {@code key=value}. */
        String origin() {
            return key + "=" + value;
        }
    }

    private final Function<String, Optional<String>> config;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final SortedSet<String> problems = new ConcurrentSkipListSet<>();

    /** @param config the application's configuration: a key's trimmed value, empty when unset or blank */
    MemberSettings(Function<String, Optional<String>> config) {
        this.config = config;
    }

    /**
     * The member's setting for an annotation on {@code method} (when {@code onMethod}) or on {@code declaringClass}.
     *
     * @param declaringClass the class that declares the method (method-level) or the annotation (class-level)
     */
    Optional<Setting> find(Class<?> declaringClass, Method method, boolean onMethod, String member) {
        String specific = onMethod ? declaringClass.getName() + "/" + method.getName() + "/" + ANNOTATION + "/" + member
                : declaringClass.getName() + "/" + ANNOTATION + "/" + member;
        Optional<Setting> found = lookUp(specific).or(() -> lookUp(ANNOTATION + "/" + member));
        found.ifPresent(setting -> applied.add(setting.key()));
        return found;
    }

    /**
     * The {@code defaultValue} set for the annotation; an invalid value is a problem (reported once, by
     * {@link #problems()}) and leaves the annotation's.
     */
    Optional<Boolean> defaultValue(Class<?> declaringClass, Method method, boolean onMethod) {
        Optional<Setting> setting = find(declaringClass, method, onMethod, DEFAULT_VALUE);
        Optional<Boolean> value = setting.flatMap(s -> bool(s.value()));
        if (setting.isPresent() && value.isEmpty()) {
            problems.add(InterceptorMessages.defaultValueInvalid(setting.get().key(), setting.get().value()));
        }
        return value;
    }

    /** The invalid values met so far, one message per key. */
    SortedSet<String> problems() {
        return problems;
    }

    private Optional<Setting> lookUp(String key) {
        return config.apply(key).map(value -> new Setting(key, value));
    }

    /** A boolean member's value: {@code true} or {@code false}, in any case; empty for anything else. */
    static Optional<Boolean> bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * Of the configuration's keys, those of this scheme whose member {@code @FeatureFlag} does not have (problems),
     * sorted.
     */
    static SortedSet<String> unknownMembers(Iterable<String> names) {
        SortedSet<String> unknown = new TreeSet<>();
        for (String name : names) {
            Matcher key = KEY.matcher(name);
            if (key.matches() && !MEMBERS.contains(key.group("member"))) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Of the configuration's keys, those of this scheme with a known member that applied to no annotation, sorted. */
    SortedSet<String> unused(Iterable<String> names) {
        SortedSet<String> unused = new TreeSet<>();
        for (String name : names) {
            Matcher key = KEY.matcher(name);
            if (key.matches() && MEMBERS.contains(key.group("member")) && !applied.contains(name)
                    && config.apply(name).isPresent()) {
                unused.add(name);
            }
        }
        return unused;
    }
}
