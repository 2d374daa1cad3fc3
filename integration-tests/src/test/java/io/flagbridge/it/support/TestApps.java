package io.flagbridge.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.flagbridge.it.app.ChangeRecorder;
import io.flagbridge.it.app.EvaluationCounter;
import io.flagbridge.it.app.FlagProbe;
import io.flagbridge.it.app.FlagServlet;
import io.flagbridge.it.app.LogRecorder;
import io.flagbridge.it.gated.GoneMapper;
import io.flagbridge.it.gated.SessionCartResource;
import io.flagbridge.it.gated.ShopApplication;
import io.flagbridge.it.gated.ShopResource;
import io.flagbridge.it.openfeature.OpenFeatureApplication;
import io.flagbridge.it.openfeature.OpenFeatureResource;
import io.flagbridge.it.probe.ThreadsServlet;
import io.flagbridge.it.request.AsyncGates;
import io.flagbridge.it.request.CallerUser;
import io.flagbridge.it.request.Gates;
import io.flagbridge.it.request.HandoverResource;
import io.flagbridge.it.request.MicroProfileExecutors;
import io.flagbridge.it.request.RequestApplication;
import io.flagbridge.it.request.RequestResource;
import io.flagbridge.it.webhook.TakenPathServlet;
import io.flagbridge.testing.ConfigJson;

/**
 * The test applications, each a WAR as a user would build it: FlagBridge and its dependencies in WEB-INF/lib,
 * configuration in META-INF/microprofile-config.properties, no beans.xml entry and no producer.
 */
public final class TestApps {

    public static final String LOCAL = "local-flags";
    public static final String REMOTE = "remote-flags";
    public static final String MANUAL = "manual-polling";
    public static final String MISCONFIGURED = "misconfigured";
    public static final String THREADS = "thread-owner";
    public static final String THREAD_PROBE = "thread-probe";
    public static final String GATED = "gated-shop";
    public static final String SEGMENT = "segment-shop";
    public static final String WEBHOOK = "webhook-shop";
    /** The webhook on local-only flags (the demo's and every first try's setting). */
    public static final String WEBHOOK_LOCAL = "webhook-local-flags";
    /** An application whose own servlet maps the webhook's path. */
    public static final String WEBHOOK_PATH_TAKEN = "webhook-path-taken";
    public static final String OUTAGE = "configcat-outage";
    public static final String WEBHOOK_PRIMARY_KEY = "configcat_whsk_flagbridge-it-primary-0000000000000";
    public static final String WEBHOOK_SECONDARY_KEY = "configcat_whsk_flagbridge-it-secondary-00000000000";
    public static final String WEBHOOK_SIGNING_KEYS = WEBHOOK_PRIMARY_KEY + "," + WEBHOOK_SECONDARY_KEY;
    public static final String SEGMENT_WRITE_KEY = "it-write-key-0123456789";
    public static final String GATED_OWN_MAPPER = "gated-shop-own-mapper";
    public static final String OPERATED = "operated-shop";
    public static final String TEST_KIT = "test-kit-shop";
    /** In {@link #TEST_KIT}: where the application answers, for its in-container tests. */
    public static final String TEST_KIT_BASE_URL = "test-kit-base-url.txt";
    public static final String OPENFEATURE = "openfeature-shop";
    public static final String OPENFEATURE_OTHER = "openfeature-other";
    public static final String REQUEST = "request-shop";
    public static final String REQUEST_MISSING_FALLBACK = "request-missing-fallback";
    public static final String HANDOVER = "handover-shop";

    public static final String REMOTE_KEY = "configcat-sdk-1/flagbridge-it-remote-1/0123456789abcdefghijkl";
    public static final String MANUAL_KEY = "configcat-sdk-1/flagbridge-it-manual-1/0123456789abcdefghijkl";
    public static final String GATED_KEY = "configcat-sdk-1/flagbridge-it-gated-01/0123456789abcdefghijkl";
    public static final String SEGMENT_KEY = "configcat-sdk-1/flagbridge-it-segmt-01/0123456789abcdefghijkl";
    public static final String WEBHOOK_KEY = "configcat-sdk-1/flagbridge-it-whook-01/0123456789abcdefghijkl";
    public static final String OUTAGE_KEY = "configcat-sdk-1/flagbridge-it-outag-01/0123456789abcdefghijkl";
    public static final String OPENFEATURE_KEY = "configcat-sdk-1/flagbridge-it-openf-01/0123456789abcdefghijkl";
    public static final String OPENFEATURE_OTHER_KEY = "configcat-sdk-1/flagbridge-it-openf-02/0123456789abcdefghijkl";
    public static final String THREADS_KEY = "configcat-sdk-1/flagbridge-it-thread-1/0123456789abcdefghijkl";
    public static final String OPERATED_KEY = "configcat-sdk-1/flagbridge-it-operat-1/0123456789abcdefghijkl";
    public static final String REQUEST_KEY = "configcat-sdk-1/flagbridge-it-reqst-01/0123456789abcdefghijkl";
    public static final String HANDOVER_KEY = "configcat-sdk-1/flagbridge-it-hando-01/0123456789abcdefghijkl";

    public static final String MISCONFIGURED_MESSAGE = "FLAGBRIDGE-0003: configcat.polling-mode='sometimes' is "
            + "invalid; expected auto, lazy or manual";

    /**
     * A test application: its configuration (a supplier, since it names the fakes, which start when first used), and
     * its WAR made with that configuration.
     */
    private record App(Supplier<Map<String, String>> config, Function<Map<String, String>, WebArchive> war) {
    }

    private static final Map<String, App> APPS = new LinkedHashMap<>();

    static {
        put(LOCAL, () -> Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only"), war -> war.addAsResource("flags/simple.json"));
        put(REMOTE, () -> Map.of("configcat.sdk-key", REMOTE_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl() + "/", "configcat.max-init-wait", "20"), war -> war);
        put(MANUAL, () -> Map.of("configcat.sdk-key", MANUAL_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual"), war -> war);
        put(MISCONFIGURED, () -> Map.of("configcat.sdk-key", REMOTE_KEY,
                "configcat.polling-mode", "sometimes"), war -> war);
        put(THREADS, () -> Map.of("configcat.sdk-key", THREADS_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.poll-interval", "1", "configcat.max-init-wait", "1",
                "segment.write-key", SEGMENT_WRITE_KEY, "segment.endpoint", SharedSegment.SEGMENT.baseUrl(),
                "segment.flush-size", "1", "segment.flush-interval", "PT1S"), war -> war);
        put(GATED, () -> Map.of("configcat.sdk-key", GATED_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual"),
                war -> war.addClasses(ShopApplication.class, ShopResource.class, SessionCartResource.class));
        put(GATED_OWN_MAPPER, () -> Map.of("configcat.sdk-key", GATED_KEY,
                "configcat.base-url", SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual"),
                war -> war.addClasses(ShopApplication.class, ShopResource.class, GoneMapper.class));
        put(SEGMENT, () -> Map.of("configcat.sdk-key", SEGMENT_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual", "segment.write-key", SEGMENT_WRITE_KEY,
                "segment.endpoint", SharedSegment.SEGMENT.baseUrl(), "segment.flush-size", "1",
                "segment.flush-interval", "PT1S"),
                war -> war.addClasses(ShopApplication.class, ShopResource.class));
        put(WEBHOOK, () -> Map.of("configcat.sdk-key", WEBHOOK_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual", "configcat.webhook.signing-keys",
                WEBHOOK_SIGNING_KEYS, "segment.write-key", SEGMENT_WRITE_KEY, "segment.endpoint",
                SharedSegment.SEGMENT.baseUrl(), "segment.flush-size", "1", "segment.flush-interval", "PT1S",
                "configcat.product-name", "Shop"), war -> war);
        put(WEBHOOK_LOCAL, () -> Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "configcat.webhook.signing-keys", WEBHOOK_SIGNING_KEYS,
                "segment.write-key", SEGMENT_WRITE_KEY, "segment.endpoint", SharedSegment.SEGMENT.baseUrl(),
                "segment.flush-size", "1", "segment.flush-interval", "PT1S"),
                war -> war.addAsResource("flags/simple.json"));
        put(WEBHOOK_PATH_TAKEN, () -> Map.of("configcat.overrides.resource", "flags/simple.json",
                "configcat.overrides.behaviour", "local-only", "configcat.webhook.signing-keys", WEBHOOK_SIGNING_KEYS),
                war -> war.addAsResource("flags/simple.json").addClass(TakenPathServlet.class));
        put(OUTAGE, () -> Map.of("configcat.sdk-key", OUTAGE_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.poll-interval", "1", "configcat.max-init-wait", "1"), war -> war);
        put(OPERATED, TestApps::operated, war -> war.addClasses(ShopApplication.class, ShopResource.class));
        // No configuration at all: the kit makes the flags local-only and records Segment's messages.
        put(TEST_KIT, Map::of, war -> war
                .addClasses(ShopApplication.class, ShopResource.class)
                .addAsLibraries(testKit())
                .addAsResource(new StringAsset("http://localhost:" + System.getProperty("it.http.port") + "/"
                        + TEST_KIT + "/"), TEST_KIT_BASE_URL));
        APPS.put(OPENFEATURE, new App(() -> openFeatureConfig(OPENFEATURE_KEY),
                config -> openFeatureApp(OPENFEATURE, config)));
        APPS.put(OPENFEATURE_OTHER, new App(() -> openFeatureConfig(OPENFEATURE_OTHER_KEY),
                config -> openFeatureApp(OPENFEATURE_OTHER, config)));
        put(REQUEST, () -> Map.of("configcat.sdk-key", REQUEST_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual",
                Gates.class.getName() + "/renamed/FeatureFlag/value", "checkout"),
                war -> war.addClasses(RequestApplication.class, RequestResource.class, Gates.class, CallerUser.class));
        put(REQUEST_MISSING_FALLBACK, () -> Map.of("configcat.sdk-key",
                REQUEST_KEY, "configcat.base-url", SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual",
                Gates.class.getName() + "/renamed/FeatureFlag/fallbackMethod", "oldCheckout"),
                war -> war.addClasses(RequestApplication.class, RequestResource.class, Gates.class, CallerUser.class));
        put(HANDOVER, () -> Map.of("configcat.sdk-key", HANDOVER_KEY, "configcat.base-url",
                SharedCdn.CDN.baseUrl(), "configcat.polling-mode", "manual", "segment.write-key", SEGMENT_WRITE_KEY,
                "segment.endpoint", SharedSegment.SEGMENT.baseUrl(), "segment.flush-size", "1",
                "segment.flush-interval", "PT1S"),
                war -> war.addClasses(RequestApplication.class, HandoverResource.class, Gates.class, CallerUser.class,
                        AsyncGates.class, MicroProfileExecutors.class));
        APPS.put(THREAD_PROBE, new App(Map::of, config -> ShrinkWrap.create(WebArchive.class, THREAD_PROBE + ".war")
                .addClass(ThreadsServlet.class)));
    }

    /** An application whose WAR is {@link #app(String, Map)} with more added to it. */
    private static void put(String name, Supplier<Map<String, String>> config, UnaryOperator<WebArchive> more) {
        APPS.put(name, new App(config, settings -> more.apply(app(name, settings))));
    }

    private TestApps() {
    }

    /** Health and telemetry: MicroProfile Telemetry on, exporting OTLP/HTTP every second to the fake collector. */
    private static Map<String, String> operated() {
        Map<String, String> config = new LinkedHashMap<>(Map.of("configcat.sdk-key", OPERATED_KEY,
                "configcat.base-url", SharedCdn.CDN.baseUrl(), "configcat.poll-interval", "1",
                "configcat.max-init-wait", "0", "segment.write-key", SEGMENT_WRITE_KEY, "segment.endpoint",
                SharedSegment.SEGMENT.baseUrl(), "segment.flush-size", "1", "segment.flush-interval", "PT1S",
                "segment.retries", "1000"));
        config.putAll(Map.of("otel.sdk.disabled", "false", "otel.service.name", OPERATED,
                "otel.exporter.otlp.protocol", "http/protobuf", "otel.exporter.otlp.endpoint",
                FakeCollector.COLLECTOR.baseUrl(), "otel.metric.export.interval", "1000", "otel.bsp.schedule.delay",
                "200", "otel.traces.sampler", "always_on", "otel.logs.exporter", "otlp"));
        // Both forms of feature_flag.evaluation: the log record (EvaluationEventsOnMicroProfileIT) and the span event.
        config.putAll(Map.of("otel.blrp.schedule.delay", "200", "flagbridge.telemetry.evaluation-events", "both"));
        // The SDK's default, said: Payara Server's MicroProfile Telemetry exports no metrics unless it is set.
        config.put("otel.metrics.exporter", "otlp");
        return config;
    }

    /** The names of the test applications. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(APPS.keySet());
    }

    public static WebArchive archive(String app) {
        App found = find(app);
        return found.war().apply(found.config().get());
    }

    /**
     * The configuration of a test application, as its WAR has it in META-INF/microprofile-config.properties (what a
     * runtime that runs no WAR gets instead).
     */
    public static Map<String, String> config(String app) {
        return find(app).config().get();
    }

    private static App find(String app) {
        App found = APPS.get(app);
        if (found == null) {
            throw new IllegalArgumentException("no test application " + app + "; expected one of " + APPS.keySet());
        }
        return found;
    }

    /** The flags the fake CDN serves: a boolean, a text flag with a targeting rule, a percentage option. */
    public static ConfigJson flags() {
        return ConfigJson.forCdn(SharedCdn.CDN.baseUrl())
                .boolFlag("newCheckout", true, "v-checkout-on")
                .textFlag("plan", "basic", "v-basic", new ConfigJson.Rule("Email",
                        ConfigJson.TextComparator.CONTAINS_ANY_OF, List.of("@example.com"), "premium", "v-premium"))
                .boolPercentageFlag("betaBanner", false, "v-beta-nouser",
                        new ConfigJson.Percentage(30, true, "v-beta-on"),
                        new ConfigJson.Percentage(70, false, "v-beta-off"));
    }

    /** The classes of a test application's WEB-INF/classes, loaded in the test JVM (for Weld SE). */
    public static List<Class<?>> classesOf(WebArchive archive) {
        String prefix = "/WEB-INF/classes/";
        return archive.getContent().keySet().stream()
                .map(ArchivePath::get)
                .filter(path -> path.startsWith(prefix) && path.endsWith(".class"))
                .map(path -> path.substring(prefix.length(), path.length() - ".class".length()).replace('/', '.'))
                .filter(name -> !name.contains("$"))
                .<Class<?>> map(name -> {
                    try {
                        return Class.forName(name, false, TestApps.class.getClassLoader());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The configuration of a test application, as a map (what Weld SE gets instead of the file in the WAR). */
    public static Map<String, String> configOf(WebArchive archive) {
        ArchivePath path = ArchivePaths.create("/WEB-INF/classes/META-INF/microprofile-config.properties");
        Properties properties = new Properties();
        try (InputStream in = archive.get(path).getAsset().openStream()) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        return config;
    }

    private static WebArchive app(String name, Map<String, String> config) {
        return app(name, config, webappLibraries());
    }

    private static WebArchive app(String name, Map<String, String> config, File[] libraries) {
        StringBuilder properties = new StringBuilder();
        config.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(FlagProbe.class, FlagServlet.class, EvaluationCounter.class, ChangeRecorder.class,
                        LogRecorder.class)
                .addAsResource(new StringAsset(properties.toString()), "META-INF/microprofile-config.properties")
                .addAsLibraries(libraries);
    }

    /**
     * An application that also depends on flagbridge-openfeature: its WEB-INF/lib is webapp-libs with slf4j-api 2.x
     * (the OpenFeature SDK's) instead of 1.7.36, plus the module and the SDK, as Maven resolves such an application.
     */
    private static WebArchive openFeatureApp(String name, Map<String, String> config) {
        File[] libraries = Stream.concat(
                Stream.of(webappLibraries()).filter(jar -> !jar.getName().startsWith("slf4j-api-")),
                Stream.of(jars(Path.of(System.getProperty("it.openfeature.libs", "target/openfeature-libs")))))
                .toArray(File[]::new);
        return app(name, config, libraries).addClasses(OpenFeatureApplication.class, OpenFeatureResource.class);
    }

    private static Map<String, String> openFeatureConfig(String sdkKey) {
        return Map.of("configcat.sdk-key", sdkKey, "configcat.base-url", SharedCdn.CDN.baseUrl(),
                "configcat.poll-interval", "3600", "configcat.max-init-wait", "20", "segment.write-key",
                SEGMENT_WRITE_KEY, "segment.endpoint", SharedSegment.SEGMENT.baseUrl(), "segment.flush-size", "1",
                "segment.flush-interval", "PT1S");
    }

    /** The test kit's jar (flagbridge-test), as its module built it. */
    public static File testKit() {
        File jar = new File(System.getProperty("it.test.kit", "../test/target/flagbridge-test.jar"));
        if (!jar.isFile()) {
            throw new IllegalStateException("no test kit jar at " + jar + ": build the test module first");
        }
        return jar;
    }

    /** flagbridge-interceptor and its runtime dependencies, as Maven put them in target/webapp-libs. */
    public static File[] webappLibraries() {
        return jars(Path.of(System.getProperty("it.webapp.libs", "target/webapp-libs")));
    }

    private static File[] jars(Path libs) {
        try (Stream<Path> jars = Files.list(libs)) {
            File[] files = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toFile).toArray(File[]::new);
            if (files.length == 0) {
                throw new IllegalStateException("no jars in " + libs + ": run the build with ./mvnw verify");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + libs + ": run the build with ./mvnw verify", e);
        }
    }
}
