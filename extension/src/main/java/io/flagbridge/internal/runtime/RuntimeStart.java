package io.flagbridge.internal.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.ObserverMethod;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCache;

import io.flagbridge.FlagChanged;
import io.flagbridge.FlagEvaluated;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.changes.ChangeNotice;
import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.client.DeclaredFlags;
import io.flagbridge.internal.client.FlagKeys;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.health.HealthChecks;
import io.flagbridge.internal.sdk.SdkShape;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.internal.telemetry.OtelTelemetry;
import io.flagbridge.internal.util.AppLog;

/**
 * What an application's FlagBridge does once its container knows every bean, whichever kind of extension runs it
 * (the portable one at {@code AfterDeploymentValidation}, the build compatible one at {@code Startup}): reads and
 * checks the configuration and the flag keys the code names, builds the runtime, hands it over, opens the client.
 */
final class RuntimeStart {

    private static final AppLog LOG = AppLog.of(RuntimeStart.class);
    private static final FlagEvaluated SAMPLE = new FlagEvaluated("", null, null, null, false, null, Instant.EPOCH,
            null, null);
    /** The bean classes of FlagBridge's own async observers (Segment's): they exist whether Segment is on or not. */
    static final Set<Class<?>> OWN_OBSERVERS = Set.of(FlagBridgeExtension.class, FlagBridgeLifecycle.class);

    private RuntimeStart() {
    }

    /**
     * Starts the application's FlagBridge.
     *
     * @param beans the container's beans: a test kit, the flag keys the code declares, a {@code ConfigCache}, an
     *        {@code OpenTelemetry}
     * @param publish gets the runtime before its client opens (its hooks may fire events at once, and FlagBridge's
     *        own observers need it then)
     * @throws DeploymentException naming every problem of the configuration, one line each
     */
    static FlagBridgeRuntime start(BeanManager beanManager, Beans beans, Consumer<FlagBridgeRuntime> publish) {
        ClassLoader applicationLoader = applicationLoader();
        Optional<TestKit> testKit = beans.kit();
        ConfigReader reader = reader(testKit);
        // From here on, FlagBridge's lines on the application's threads name it (two applications on one server).
        Deployment.applicationName(reader.string(ConfigKeys.APPLICATION_NAME))
                .ifPresent(name -> AppLog.name(applicationLoader, name));
        Optional<Settings> settings = Settings.read(reader, applicationLoader);
        warnOfUnknownKeys(reader);
        if (settings.isEmpty()) {
            throw FlagBridgeExtension.configurationProblem(reader.problems());
        }
        List<FlagUse> flagUses = beans.declared().stream().flatMap(declared -> declared.flagUses().stream())
                .distinct().toList();
        // A test kit may serve any key (its overrides come at run time): no key is unknown then.
        List<FlagUse> checked = testKit.isPresent() ? List.of() : flagUses;
        Set<String> exposureFlags = testKit.isPresent() ? Set.of()
                : settings.get().segment().enabled() ? settings.get().segment().exposureFlags().orElse(Set.of())
                        : Set.of();
        List<String> unknownKeys = new ArrayList<>(FlagKeys.problems(settings.get().client().overrides(), checked));
        unknownKeys.addAll(FlagKeys.exposureFlagProblems(settings.get().client().overrides(), exposureFlags));
        if (!unknownKeys.isEmpty()) {
            throw FlagBridgeExtension.configurationProblem(unknownKeys);
        }
        // Resolved once: observers are all known now, and the hook then skips what nobody observes.
        var observers = beanManager.resolveObserverMethods(SAMPLE);
        FlagBridgeRuntime built = new FlagBridgeRuntime(settings.get(), new FlagBridgeRuntime.Observers(
                beanManager.getEvent().select(FlagEvaluated.class),
                observers.stream().anyMatch(observer -> !observer.isAsync()),
                settings.get().segment().enabled() || observers.stream().filter(ObserverMethod::isAsync)
                        .anyMatch(observer -> !OWN_OBSERVERS.contains(observer.getBeanClass())),
                observers.stream().filter(ObserverMethod::isAsync)
                        .anyMatch(observer -> !OWN_OBSERVERS.contains(observer.getBeanClass())),
                beanManager.getEvent().select(FlagChanged.class), beanManager.getEvent().select(ChangeNotice.class),
                beans.cache()));
        if (settings.get().operations().telemetry()
                && FlagBridgeExtension.visible(OtelTelemetry.API, applicationLoader)) {
            try {
                built.telemetry(runtime -> OtelTelemetry.of(beans.openTelemetry().get(), runtime.counters(), runtime.privacy(),
                        runtime.staticFlags(), runtime.inventory(), runtime.settings()));
            } catch (RuntimeException | LinkageError e) {
                // An OpenTelemetry older than FlagBridge needs, or a broken bean: flags work without telemetry.
                LOG.warning(Messages.telemetryUnavailable(e.toString()));
            }
        }
        built.declared(flagUses);
        publish.accept(built);
        Optional<KitAttachment> kit = testKit.map(found -> KitAttachment.before(found, flagUses.stream()
                .filter(use -> use.kind() == FlagUse.Kind.GATE).map(FlagUse::key).collect(Collectors.toSet()), built,
                settings.get()));
        SdkShape.report().ifPresent(LOG::warning);
        try {
            built.start(FlagKeys.checkingFirstConfig(settings.get().client().overrides(), checked, exposureFlags));
        } catch (ClientOpenException e) {
            built.close();
            throw FlagBridgeExtension.configurationProblem(List.of(e.getMessage()));
        }
        kit.ifPresent(attached -> attached.after(built));
        if (!settings.get().segment().enabled()) {
            String ignored = reader.flagBridgeLikeNames().stream().filter(ConfigKeys.ALL::contains)
                    .filter(key -> key.startsWith("segment.")).collect(Collectors.joining(", "));
            if (!ignored.isEmpty()) {
                LOG.warning(Messages.segmentKeysWithoutWriteKey(ignored));
            }
        }
        LOG.info(StartSummary.of(settings.get(), built.deployment().application(), testKit.isPresent(),
                settings.get().operations().health()
                        && FlagBridgeExtension.visible(HealthChecks.API, applicationLoader),
                built.reportsTelemetry()));
        return built;
    }

    /**
     * The beans of the application that FlagBridge's start looks for.
     *
     * @param kit a test kit ({@code io.flagbridge:flagbridge-test}), in tests only
     * @param declared the flag keys the code names (the {@code @FeatureFlag} methods)
     * @param cache the application's {@code com.configcat.ConfigCache} (ConfigCat's shared cache: replicas read one
     *        config)
     * @param openTelemetry the application's {@code OpenTelemetry} bean, if it has one (asked only where the
     *        application sees OpenTelemetry's API)
     */
    record Beans(Optional<TestKit> kit, List<DeclaredFlags> declared, Optional<ConfigCache> cache,
            Supplier<Optional<Object>> openTelemetry) {

        /**
         * The beans as a look-up by type finds them, where the container's look-up sees every bean of the application
         * (Quarkus).
         */
        static Beans of(BeanManager beanManager, Instance<TestKit> kit, Instance<DeclaredFlags> declared,
                Instance<ConfigCache> cache) {
            return new Beans(one(kit), declared.stream().toList(), one(cache),
                    () -> OtelTelemetry.bean(beanManager));
        }
    }

    static <T> Optional<T> one(Instance<T> beans) {
        return beans.isResolvable() ? Optional.of(beans.get()) : Optional.empty();
    }

    /** One warning per key that looks like FlagBridge's but is none of its keys: a typo is otherwise silent. */
    private static void warnOfUnknownKeys(ConfigReader reader) {
        ConfigKeys.unknown(reader.flagBridgeLikeNames())
                .forEach((key, nearest) -> LOG.warning(Messages.unknownKey(key, nearest)));
    }

    /** The application's configuration, with a test kit's defaults for what it leaves unset. */
    private static ConfigReader reader(Optional<TestKit> testKit) {
        Config config = ConfigProvider.getConfig(applicationLoader());
        Function<String, Optional<String>> configured = key -> config.getOptionalValue(key, String.class)
                .map(String::trim).filter(value -> !value.isEmpty());
        return new ConfigReader(KitAttachment.configuration(testKit, configured), config::getPropertyNames);
    }

    static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : RuntimeStart.class.getClassLoader();
    }
}
