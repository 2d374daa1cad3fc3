package io.flagbridge.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's quick start (and docs/quarkus.md's), as a newcomer uses it: every file of the section "Quick start" (a
 * line {@code `path`:} followed by a fenced block) written into an empty folder and built by Maven, against
 * FlagBridge's artifacts as they are published (installed into a repository of this build's own,
 * {@code target/quickstart-repo}).
 */
public final class QuickStart {

    /** The write key placeholder of the README's properties, which a test replaces. */
    public static final String WRITE_KEY_PLACEHOLDER = "YOUR_SEGMENT_WRITE_KEY";
    public static final String PROPERTIES = "src/main/resources/META-INF/microprofile-config.properties";

    private static final Path README = Path.of("..", "README.md");
    private static final Path BUNDLES = Path.of("..", "docs", "operating.md");
    private static final Path TESTING = Path.of("..", "docs", "testing.md");
    /** A fragment to paste into the quick start's pom.xml: {@code `pom.xml`, in `<dependencies>`:} and a block. */
    private static final Pattern POM_FRAGMENT = Pattern.compile("^`pom\\.xml`, in `<(\\w+)>`[^\\n]*:\\n\\n```\\w*\\n(.*?)^```$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Path WORK = Path.of("target", "quickstart");
    private static final Pattern FILE = Pattern.compile("^`([\\w./-]+)`:\\n\\n```\\w*\\n(.*?)^```$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern JAR = Pattern.compile("[\\w.-]+\\.jar");

    private QuickStart() {
    }

    /** The files of the README's quick start, by path, in order. */
    public static Map<String, String> files() {
        Map<String, String> files = files(README, "## Quick start");
        if (!files.containsKey(PROPERTIES)) {
            throw new AssertionError("the README's quick start has no pom.xml or no " + PROPERTIES + ": " + files
                    .keySet());
        }
        return files;
    }

    /**
     * The files of a page's section, by path, in order: each a line {@code `path`:} followed by a fenced block.
     *
     * @param page the page, from this module's folder (such as {@code ../docs/quarkus.md})
     * @param heading the section's heading line (such as {@code ## Quick start})
     */
    public static Map<String, String> files(Path page, String heading) {
        String section = section(page, heading);
        Map<String, String> files = new LinkedHashMap<>();
        Matcher file = FILE.matcher(section);
        while (file.find()) {
            files.put(file.group(1), file.group(2));
        }
        if (!files.containsKey("pom.xml")) {
            throw new AssertionError(page + "'s section " + heading + " has no pom.xml: " + files.keySet());
        }
        return files;
    }

    /**
     * The quick start with docs/testing.md's "A test of the quick start" added as a newcomer adds it: each
     * {@code pom.xml} fragment pasted at the end of the element it names, each file written.
     */
    public static Map<String, String> filesWithTest() {
        Map<String, String> files = new LinkedHashMap<>(files());
        String section = section(TESTING, "## A test of the quick start");
        Matcher fragment = POM_FRAGMENT.matcher(section);
        String pom = files.get("pom.xml");
        int fragments = 0;
        while (fragment.find()) {
            String closing = "</" + fragment.group(1) + ">";
            int at = pom.lastIndexOf(closing);
            if (at < 0) {
                throw new AssertionError("the quick start's pom.xml has no " + closing + " for docs/testing.md");
            }
            int lineStart = pom.lastIndexOf('\n', at) + 1;
            pom = pom.substring(0, lineStart) + fragment.group(2) + pom.substring(lineStart);
            fragments++;
        }
        files.put("pom.xml", pom);
        Matcher file = FILE.matcher(section);
        while (file.find()) {
            files.put(file.group(1), file.group(2));
        }
        if (fragments == 0 || files.keySet().stream().noneMatch(path -> path.startsWith("src/test/java/"))) {
            throw new AssertionError("docs/testing.md's test of the quick start has no pom.xml fragment or no test");
        }
        return files;
    }

    /**
     * Writes the quick start with its test into a folder of its own and runs {@code mvn test} there.
     *
     * @return the project's folder (its {@code target/surefire-reports} tell what ran)
     */
    public static Path test() {
        return build("shop-with-test", filesWithTest(), "test");
    }

    /**
     * Writes the files into a folder of their own and runs {@code mvn <phase>} there, against FlagBridge's installed
     * artifacts.
     *
     * @param name the folder's name, under {@code target/quickstart}
     * @return the project's folder (its {@code target} tells what the build made and ran)
     */
    public static Path build(String name, Map<String, String> files, String phase) {
        try {
            Path project = WORK.resolve(name);
            delete(project);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = project.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            build(project, phase);
            return project;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar names of docs/operating.md's section "What an application bundles". */
    public static Set<String> bundledJars() {
        String section = section(BUNDLES, "## What an application bundles");
        int block = section.indexOf("```\n");
        String listing = section.substring(block + 4, section.indexOf("```", block + 4));
        Set<String> jars = new TreeSet<>();
        JAR.matcher(listing).results().forEach(jar -> jars.add(jar.group()));
        return jars;
    }

    /**
     * The WAR that {@code mvn package} builds from the quick start's files; built once for a given README and given
     * FlagBridge artifacts (the WildFly and the Liberty run share it).
     */
    public static synchronized File war() {
        try {
            Map<String, String> files = files();
            Path project = WORK.resolve("shop");
            Path war = project.resolve("target/shop.war");
            String fingerprint = fingerprint(files);
            Path marker = WORK.resolve("built-from.sha256");
            if (Files.isRegularFile(war) && Files.isRegularFile(marker)
                    && Files.readString(marker).equals(fingerprint)) {
                return war.toFile();
            }
            delete(project);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = project.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            build(project, "package");
            if (!Files.isRegularFile(war)) {
                throw new AssertionError("mvn package of the README's quick start made no " + war);
            }
            Files.writeString(marker, fingerprint);
            return war.toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void build(Path project, String phase) throws IOException {
        Path settings = WORK.resolve("settings.xml");
        // The outer build's local repository serves what it holds (plugins, the SDK's jars); Maven Central the rest.
        // FlagBridge's own artifacts come only from the quick start's repository, where this build installed them.
        String outer = Path.of(property("it.outer.repository")).toUri().toString();
        Files.writeString(settings,
                """
                        <settings>
                          <profiles>
                            <profile>
                              <id>outer</id>
                              <repositories>
                                <repository><id>outer</id><url>%1$s</url><snapshots><enabled>false</enabled></snapshots></repository>
                              </repositories>
                              <pluginRepositories>
                                <pluginRepository><id>outer</id><url>%1$s</url><snapshots><enabled>false</enabled></snapshots></pluginRepository>
                              </pluginRepositories>
                            </profile>
                          </profiles>
                          <activeProfiles><activeProfile>outer</activeProfile></activeProfiles>
                        </settings>
                        """
                        .formatted(outer));
        Path log = WORK.resolve(project.getFileName() + "-build.log");
        List<String> command = new ArrayList<>(List.of(Path.of(property("it.maven.home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toAbsolutePath().toString(),
                "-Dmaven.repo.local=" + Path.of(property("it.quickstart.repository")).toAbsolutePath(),
                "-f", project.resolve("pom.xml").toAbsolutePath().toString(), phase));
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!maven.waitFor(5, TimeUnit.MINUTES)) {
                maven.destroyForcibly();
                throw new AssertionError("mvn " + phase + " of " + project + " took over 5 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (maven.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("mvn " + phase + " of " + project + " failed (" + log + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
    }

    private static String fingerprint(Map<String, String> files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((path, content) -> digest.update((path + "\0" + content + "\0")
                    .getBytes(StandardCharsets.UTF_8)));
            try (Stream<Path> installed = Files.walk(Path.of(property("it.quickstart.repository"), "io",
                    "flagbridge"))) {
                for (Path artifact : installed.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".jar") || f.toString().endsWith(".pom")).sorted().toList()) {
                    digest.update(Files.readAllBytes(artifact));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String section(Path page, String heading) {
        try {
            String readme = Files.readString(page);
            int start = readme.indexOf("\n" + heading + "\n");
            if (start < 0) {
                throw new AssertionError(page + " has no section " + heading);
            }
            int end = readme.indexOf("\n## ", start + heading.length() + 1);
            return readme.substring(start + 1, end < 0 ? readme.length() : end + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the POM's failsafe "
                    + "configuration sets it)");
        }
        return value;
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
