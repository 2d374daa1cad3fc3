package io.flagbridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a module's message catalogue (one public static method per coded message) against itself, the module's
 * sources and the README: each method gives one code, no code is given twice, codes stay in the module's range, every
 * method is used, no coded literal is written outside the catalogue, and docs/message-codes.md's table lists
 * exactly the codes there are.
 */
public final class MessageCatalogue {

    private static final Pattern CODE = Pattern.compile("^FLAGBRIDGE-(\\d{4}): .+", Pattern.DOTALL);
    private static final Pattern CODED_LITERAL = Pattern.compile("\"FLAGBRIDGE-\\d{4}");
    private static final Pattern README_ROW = Pattern.compile("^\\| `FLAGBRIDGE-(\\d{4})` \\|", Pattern.MULTILINE);

    private MessageCatalogue() {
    }

    /** Code to method name; fails on a method without a code, or on a code two methods give. */
    public static Map<Integer, String> codes(Class<?> catalogue) {
        Map<Integer, String> codes = new TreeMap<>();
        for (Method method : messageMethods(catalogue)) {
            String message = invoke(method);
            Matcher matcher = CODE.matcher(message);
            if (!matcher.matches()) {
                throw new AssertionError(method.getName() + " gives no coded message: " + message);
            }
            int code = Integer.parseInt(matcher.group(1));
            String before = codes.put(code, method.getName());
            if (before != null) {
                throw new AssertionError("FLAGBRIDGE-" + matcher.group(1) + " is given by both " + before + " and "
                        + method.getName());
            }
        }
        return codes;
    }

    /** Every code in {@code [from, to]}, every method called from the sources, no coded literal elsewhere. */
    public static void check(Class<?> catalogue, int from, int to, Path mainSources) {
        check(catalogue, mainSources, new int[] { from, to });
    }

    /**
     * Every code in one of the ranges (each {@code {from, to}}, both included), every method called from the sources,
     * no coded literal elsewhere.
     */
    public static void check(Class<?> catalogue, Path mainSources, int[]... ranges) {
        List<String> problems = new ArrayList<>();
        codes(catalogue).forEach((code, method) -> {
            if (Stream.of(ranges).noneMatch(range -> code >= range[0] && code <= range[1])) {
                problems.add(method + " gives FLAGBRIDGE-" + code + ", outside " + Stream.of(ranges)
                        .map(range -> range[0] + "-" + range[1]).collect(java.util.stream.Collectors.joining(", ")));
            }
        });
        Path own = mainSources.resolve(catalogue.getName().replace('.', '/') + ".java");
        StringBuilder others = new StringBuilder();
        try (Stream<Path> files = Files.walk(mainSources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(own)).toList()) {
                String text = Files.readString(file);
                if (CODED_LITERAL.matcher(text).find()) {
                    problems.add(mainSources.relativize(file) + " writes a coded message itself");
                }
                others.append(text).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String sources = others.toString();
        for (Method method : messageMethods(catalogue)) {
            if (!sources.contains("." + method.getName() + "(") && !sources.contains("::" + method.getName())) {
                problems.add(catalogue.getSimpleName() + "." + method.getName() + " is never used");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    /** The codes in the "Message codes" table of docs/message-codes.md. */
    public static List<Integer> readmeCodes(Path readme) {
        try {
            Matcher matcher = README_ROW.matcher(Files.readString(readme));
            List<Integer> codes = new ArrayList<>();
            while (matcher.find()) {
                codes.add(Integer.parseInt(matcher.group(1)));
            }
            return codes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Method> messageMethods(Class<?> catalogue) {
        return Stream.of(catalogue.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getReturnType() == String.class).toList();
    }

    private static String invoke(Method method) {
        Object[] arguments = Stream.of(method.getParameterTypes()).map(MessageCatalogue::placeholder).toArray();
        try {
            return (String) method.invoke(null, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(method.getName() + " cannot be called: " + e, e);
        }
    }

    private static Object placeholder(Class<?> type) {
        if (type == String.class) {
            return "x";
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == Optional.class) {
            return Optional.of("x");
        }
        if (type == Duration.class) {
            return Duration.ZERO;
        }
        if (type.isAssignableFrom(RuntimeException.class)) {
            return new RuntimeException("x");
        }
        throw new AssertionError("no placeholder for a parameter of type " + type.getName());
    }
}
