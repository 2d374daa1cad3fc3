package io.flagbridge.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;

import com.configcat.ConfigCatClient;
import com.configcat.EvaluationDetails;
import com.configcat.OverrideBehaviour;
import com.configcat.OverrideDataSourceBuilder;
import com.configcat.User;

import io.flagbridge.SegmentStats;
import io.flagbridge.internal.delivery.Outbox;
import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.FakeSegment;
import io.flagbridge.testing.WeldApp;

/**
 * One benchmark application: a {@link FakeSegment} on 127.0.0.1, a Weld SE container with FlagBridge (Segment on,
 * flags from the local-only resource {@value #FLAGS_RESOURCE}) and, for comparison, a raw {@link ConfigCatClient}
 * built with {@code ConfigCatClient.get} on the very same flag document, without hooks.
 */
public final class BenchApp implements AutoCloseable {

    /** The flag document, a classpath resource: FlagBridge reads it as {@code configcat.overrides.resource}. */
    public static final String FLAGS_RESOURCE = "flagbridge-bench/flags.json";
    /** A targeted flag: one targeting rule (Email contains "@internal.example"), then 80/20 percentage options. */
    public static final String TARGETED = "flag";
    /** A plain boolean flag: one value for everyone. */
    public static final String PLAIN = "plain";
    public static final String WRITE_KEY = "bench-write-key";
    /** The SDK key of {@link #startOnCdn}'s application. */
    public static final String SDK_KEY = "configcat-sdk-1/flagbridge-bench-cdn-1/0123456789abcdefghijkl";

    private final FakeSegment segment;
    private final WeldApp app;
    private final ConfigCatClient raw;
    private final Path flagFile;
    private final FakeConfigCatCdn cdn;

    private BenchApp(FakeSegment segment, WeldApp app, ConfigCatClient raw, Path flagFile, FakeConfigCatCdn cdn) {
        this.segment = segment;
        this.app = app;
        this.raw = raw;
        this.flagFile = flagFile;
        this.cdn = cdn;
    }

    /**
     * Starts the fake Segment, the raw client and the container.
     *
     * @param config extra or overriding configuration keys, as pairs
     * @param beans the application's bean classes (besides {@link InjectedClient}, always there)
     */
    public static BenchApp start(Map<String, String> config, Class<?>... beans) {
        return start(true, config, beans);
    }

    /**
     * As {@link #start(Map, Class...)}; with {@code segmentOn} false, {@code segment.write-key} is not set (the fake
     * Segment still runs): no async observer, so FlagBridge neither dedupes nor queues anything.
     */
    public static BenchApp start(boolean segmentOn, Map<String, String> config, Class<?>... beans) {
        FakeSegment segment = FakeSegment.start();
        Path flagFile = null;
        ConfigCatClient raw = null;
        try {
            flagFile = copyOfFlags();
            raw = rawClient(flagFile);
            RawClient.use(raw);
            Map<String, String> properties = new HashMap<>();
            properties.put("configcat.overrides.resource", FLAGS_RESOURCE);
            properties.put("configcat.overrides.behaviour", "local-only");
            if (segmentOn) {
                properties.put("segment.write-key", WRITE_KEY);
                properties.put("segment.endpoint", segment.baseUrl());
            }
            return new BenchApp(segment, container(properties, config, beans), raw, flagFile, null);
        } catch (RuntimeException | Error e) {
            closeQuietly(raw);
            delete(flagFile);
            segment.close();
            throw e;
        }
    }

    /**
     * Starts the fake Segment, a {@link FakeConfigCatCdn} on 127.0.0.1 and the container with FlagBridge on that CDN
     * (remote flags, auto polling; Segment on). There is no raw client.
     *
     * @param flags the config JSON the CDN serves, given the CDN's base URL (its preferences point there)
     * @param config extra or overriding configuration keys, as pairs
     * @param beans the application's bean classes (besides {@link InjectedClient}, always there)
     */
    public static BenchApp startOnCdn(Function<String, String> flags, Map<String, String> config,
            Class<?>... beans) {
        FakeSegment segment = FakeSegment.start();
        FakeConfigCatCdn cdn = null;
        try {
            cdn = FakeConfigCatCdn.start();
            cdn.serve(SDK_KEY, flags.apply(cdn.baseUrl()));
            Map<String, String> properties = new HashMap<>();
            properties.put("configcat.sdk-key", SDK_KEY);
            properties.put("configcat.base-url", cdn.baseUrl());
            properties.put("segment.write-key", WRITE_KEY);
            properties.put("segment.endpoint", segment.baseUrl());
            return new BenchApp(segment, container(properties, config, beans), null, null, cdn);
        } catch (RuntimeException | Error e) {
            if (cdn != null) {
                cdn.close();
            }
            segment.close();
            throw e;
        }
    }

    /** The container: these properties, then {@code config} over them; {@link InjectedClient} and the beans. */
    private static WeldApp container(Map<String, String> properties, Map<String, String> config, Class<?>... beans) {
        properties.putAll(config);
        Class<?>[] classes = new Class<?>[beans.length + 1];
        classes[0] = InjectedClient.class;
        System.arraycopy(beans, 0, classes, 1, beans.length);
        return WeldApp.start(properties, classes);
    }

    /** A raw client: {@code ConfigCatClient.get}, local-only file overrides, no hooks, SDK defaults otherwise. */
    static ConfigCatClient rawClient(Path flagFile) {
        return ConfigCatClient.get("raw-bench/" + UUID.randomUUID(), options -> options.flagOverrides(
                OverrideDataSourceBuilder.localFile(flagFile.toString(), false), OverrideBehaviour.LOCAL_ONLY));
    }

    private static Path copyOfFlags() {
        try (InputStream in = BenchApp.class.getClassLoader().getResourceAsStream(FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS_RESOURCE + " is not on the class path");
            }
            Path file = Files.createTempFile("flagbridge-bench-", ".json");
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user that no targeting rule matches and whose percentage option serves {@code true}: both paths run. */
    public static User targetedUser(ConfigCatClient client) {
        for (int i = 0; i < 1000; i++) {
            User user = User.newBuilder().email("user-" + i + "@customer.example").country("NL")
                    .build("user-" + i);
            EvaluationDetails<Boolean> details = client.getValueDetails(Boolean.class, TARGETED, user, false);
            if (Boolean.TRUE.equals(details.getValue()) && details.getMatchedTargetingRule() == null
                    && details.getMatchedPercentageOption() != null && details.getError() == null) {
                return user;
            }
        }
        throw new IllegalStateException("no user falls in the 'true' percentage option of '" + TARGETED + "'");
    }

    /** A distinct user with the attributes a real one has (identifier, email, country). */
    public static User distinctUser(String prefix, long n) {
        return User.newBuilder().email(prefix + n + "@customer.example").country("NL").build(prefix + n);
    }

    public <T> T select(Class<T> type) {
        return app.select(type);
    }

    /** FlagBridge's client, as {@code @Inject ConfigCatClient} gives it to an application bean. */
    public ConfigCatClient client() {
        return app.select(InjectedClient.class).client();
    }

    public ConfigCatClient raw() {
        return raw;
    }

    public FakeSegment segment() {
        return segment;
    }

    public SegmentStats stats() {
        return app.select(SegmentStats.class);
    }

    /** The fake CDN of {@link #startOnCdn}'s application; null for the others. */
    public FakeConfigCatCdn cdn() {
        return cdn;
    }

    /** Hands what FlagBridge's Segment outbox holds to the network now, without waiting for the interval. */
    public void flushSegment() {
        Instance<Outbox> outbox = app.container().select(Outbox.class);
        if (outbox.isResolvable()) {
            outbox.get().flush();
        }
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            RawClient.use(null);
            closeQuietly(raw);
            delete(flagFile);
            segment.close();
            if (cdn != null) {
                cdn.close();
            }
        }
    }

    private static void closeQuietly(ConfigCatClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                // a benchmark's teardown: nothing to do
            }
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }
}
