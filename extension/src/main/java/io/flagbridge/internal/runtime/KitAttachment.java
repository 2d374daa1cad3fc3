package io.flagbridge.internal.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.configcat.OverrideBehaviour;

import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.LayeredSettings;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.config.Settings;
import io.flagbridge.internal.spi.KitControls;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.internal.util.AppLog;

/**
 * The one place where FlagBridge meets a test kit ({@code io.flagbridge:flagbridge-test}), through the
 * {@code internal.spi} interfaces only (the kit is a bean of the container): its configuration defaults, its overrides in front
 * of
 * the client's flags, Segment's batches to its capture, and what it may do once the application runs. Nothing else
 * in the runtime knows a kit.
 */
final class KitAttachment {

    private static final AppLog LOG = AppLog.of(KitAttachment.class);

    private final TestKit kit;
    private final Set<String> gateKeys;
    private LayeredSettings layered;

    private KitAttachment(TestKit kit, Set<String> gateKeys) {
        this.kit = kit;
        this.gateKeys = Set.copyOf(gateKeys);
    }

    /** The application's configuration, with the kit's defaults for what it leaves unset. */
    static Function<String, Optional<String>> configuration(Optional<TestKit> kit,
            Function<String, Optional<String>> configured) {
        return kit.<Function<String, Optional<String>>> map(
                found -> key -> configured.apply(key).or(() -> found.defaultValue(key, configured))).orElse(configured);
    }

    /**
     * Before the runtime starts: the kit's overrides in front of the client's flags, Segment's batches to its
     * capture, and the warning that a kit is there ({@code FLAGBRIDGE-0029}, for one that slipped into a WAR).
     *
     * @param gateKeys the keys that {@code @FeatureFlag} names (boolean flags)
     */
    static KitAttachment before(TestKit kit, Set<String> gateKeys, FlagBridgeRuntime runtime, Settings settings) {
        KitAttachment attachment = new KitAttachment(kit, gateKeys);
        boolean remoteWins = settings.client().overrides().map(Overrides::behaviour)
                .orElse(null) == OverrideBehaviour.REMOTE_OVER_LOCAL;
        attachment.layered = new LayeredSettings(kit.overrides(), remoteWins);
        runtime.layer(attachment.layered, kit.capture());
        LOG.warning(Messages.testKitActive());
        return attachment;
    }

    /** Once the runtime has started: what the kit may do. */
    void after(FlagBridgeRuntime runtime) {
        kit.attached(new KitControls() {
            @Override
            public Optional<Class<?>> typeOf(String key) {
                Optional<Class<?>> known = layered.typeOf(key);
                return known.isPresent() || !gateKeys.contains(key) ? known : Optional.of(Boolean.class);
            }

            @Override
            public void flush() {
                runtime.flush();
            }

            @Override
            public boolean settle(Duration timeout) {
                return runtime.settle(timeout);
            }

            @Override
            public void forgetExposures() {
                runtime.forgetExposures();
            }

            @Override
            public void forgetRequestValues() {
                runtime.requests().forgetCurrent();
            }
        });
    }
}
