package io.flagbridge.test.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.spi.Capture;
import io.flagbridge.internal.spi.KitControls;
import io.flagbridge.internal.spi.OverrideLayer;
import io.flagbridge.internal.spi.TestKit;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

/**
 * The test kit of one container, which FlagBridge finds as a {@link TestKit} bean: the overrides behind
 * {@link TestFlags}, the recording behind {@link RecordedSegment}, and what a test needs before it runs. A portable
 * extension on Weld-based containers ({@link TestKitExtension}: each container has its own instance), a bean where the
 * container runs build compatible extensions ({@link KitBean}).
 */
public class Kit implements TestKit {

    /** The flags FlagBridge reads when the application configures neither an SDK key nor a flag file. */
    static final String NO_FLAGS = "META-INF/flagbridge-test/no-flags.json";
    /** Stands for a write key when the application has none: messages are recorded, never sent. */
    static final String PLACEHOLDER_WRITE_KEY = "flagbridge-test";

    private static final Duration SETTLE = Duration.ofSeconds(5);

    private volatile KitControls controls;
    private final KitFlags flags = new KitFlags(key -> {
        KitControls current = controls;
        return current == null ? Optional.empty() : current.typeOf(key);
    }, () -> {
        KitControls current = controls;
        if (current != null) {
            current.forgetRequestValues();
        }
    });
    private final KitSegment segment = new KitSegment(() -> {
        KitControls current = controls;
        if (current != null) {
            current.flush();
        }
    });

    @Override
    public Optional<String> defaultValue(String key, Function<String, Optional<String>> configured) {
        if (key.equals(ConfigKeys.WRITE_KEY)) {
            return Optional.of(PLACEHOLDER_WRITE_KEY);
        }
        boolean noFlags = configured.apply(ConfigKeys.SDK_KEY).isEmpty()
                && configured.apply(ConfigKeys.OVERRIDES_FILE).isEmpty()
                && configured.apply(ConfigKeys.OVERRIDES_RESOURCE).isEmpty();
        if (noFlags) {
            return Optional.ofNullable(Map.of(ConfigKeys.OVERRIDES_RESOURCE, NO_FLAGS,
                    ConfigKeys.OVERRIDES_BEHAVIOUR, "local-only").get(key));
        }
        return Optional.empty();
    }

    @Override
    public OverrideLayer overrides() {
        return flags;
    }

    @Override
    public Capture capture() {
        return segment;
    }

    @Override
    public void attached(KitControls controls) {
        this.controls = controls;
    }

    KitFlags flags() {
        return flags;
    }

    KitSegment segment() {
        return segment;
    }

    /** Before a test: no overrides, nothing recorded, nothing remembered by the dedupe window. */
    void reset() {
        flags.clearAll();
        KitControls current = controls;
        if (current != null) {
            // What an earlier test left in FlagBridge's queues is sent now, then forgotten.
            current.settle(SETTLE);
            current.forgetExposures();
        }
        segment.clear();
    }
}
