package io.flagbridge.internal.runtime;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.Overrides;
import io.flagbridge.internal.config.Settings;

/**
 * The one line FlagBridge logs when an application has started ({@code FLAGBRIDGE-0400}): where flags come from,
 * whether Segment is on and where to, the webhook, readiness and telemetry. It names hosts and paths, never a key.
 */
final class StartSummary {

    private StartSummary() {
    }

    static String of(Settings settings, Optional<String> application, boolean kit, boolean health,
            boolean telemetry) {
        return Messages.started(application.orElse("(unnamed)"), flags(settings.client()), segment(settings, kit),
                webhook(settings), "readiness checks " + (health ? "on" : "off") + ", OpenTelemetry "
                        + (telemetry ? "on" : "off"));
    }

    private static String flags(ClientSettings client) {
        Optional<Overrides> overrides = client.overrides();
        String local = overrides.map(o -> o.source() + (o.autoReload() ? ", re-read when it changes" : "")).orElse("");
        if (client.localOnly()) {
            return "from " + local + " (local-only)";
        }
        String remote = "from " + client.baseUrl().map(url -> URI.create(url).getHost()).orElse("ConfigCat's CDN")
                + " (" + switch (client.polling()) {
                    case AUTO -> "auto polling every " + client.pollIntervalSeconds() + " s";
                    case LAZY -> "lazy loading, cached for " + client.cacheRefreshIntervalSeconds() + " s";
                    case MANUAL -> "manual polling";
                } + (client.offline() ? ", starting offline" : "") + ")";
        return overrides.map(o -> remote + " and " + local + " (" + o.behaviour().name().toLowerCase(Locale.ROOT)
                .replace('_', '-') + ")").orElse(remote);
    }

    private static String segment(Settings settings, boolean kit) {
        if (!settings.segment().enabled()) {
            return "off (" + ConfigKeys.WRITE_KEY + " is not set)";
        }
        if (kit) {
            return "on, recorded by the test kit (never sent)";
        }
        return "on, to " + settings.segment().endpoint().getHost() + " every " + settings.segment().flushInterval()
                .toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String webhook(Settings settings) {
        return settings.changes().webhookEnabled() ? "on at " + settings.changes().webhookPath()
                : "off (" + ConfigKeys.WEBHOOK_SIGNING_KEYS + " is not set)";
    }
}
