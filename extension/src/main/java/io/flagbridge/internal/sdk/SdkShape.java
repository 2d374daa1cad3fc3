package io.flagbridge.internal.sdk;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.configcat.ConfigCatClient;

import io.flagbridge.internal.Messages;

/**
 * Every private part of ConfigCat's SDK that FlagBridge reaches, checked once: at deployment the runtime logs what
 * this SDK version lacks, in one coded line that names the version and what FlagBridge does without it
 * ({@code FLAGBRIDGE-0025}); each reach then degrades quietly, never with an error per evaluation.
 * {@code ConfigCatInternalsTest} fails when the SDK changes shape.
 */
public final class SdkShape {

    /** The SDK version FlagBridge is built and tested with. */
    public static final String TESTED_VERSION = "9.4.3";

    private SdkShape() {
    }

    /** Every reach, in the order the report lists them. */
    public static List<Reach> reaches() {
        return List.of(OwnClient.reach(), FileWatcher.reach(), UserAttributes.reach(), CacheCalls.reach(),
                FlagSources.reach(), EvaluationReach.reach());
    }

    /** The one line to log when this SDK version lacks something; empty when it has all of it. */
    public static Optional<String> report() {
        return report(reaches(), version());
    }

    static Optional<String> report(List<Reach> reaches, String version) {
        List<Reach> missing = reaches.stream().filter(reach -> !reach.available()).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Messages.configCatShapeChanged(version, TESTED_VERSION, missing.stream()
                .map(reach -> reach.what() + " (" + reach.without() + ")").collect(Collectors.joining("; "))));
    }

    /** The SDK's version as its jar says, or "unknown". */
    public static String version() {
        String version = ConfigCatClient.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
