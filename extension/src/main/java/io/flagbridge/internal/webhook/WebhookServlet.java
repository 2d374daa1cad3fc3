package io.flagbridge.internal.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.flagbridge.FlagChanged;
import io.flagbridge.internal.FlagBridgeExtension;
import io.flagbridge.internal.changes.ChangeEvents;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.events.RateLimitedLog;
import io.flagbridge.internal.segment.SegmentDispatcher;

/**
 * ConfigCat's change webhook: verifies the V1 signature, refreshes the client at once, fires {@link FlagChanged}
 * (source {@code WEBHOOK}) for each changed setting and answers 200. Unsigned, badly signed or stale requests get 401,
 * malformed ones 400, bodies over 64 KiB 413; none of them fires anything or refreshes the client.
 */
public final class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(WebhookServlet.class.getName());

    private final transient RateLimitedLog rejected = new RateLimitedLog(LOG, 1, TimeUnit.SECONDS);

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        FlagBridgeExtension extension = CDI.current().getBeanManager().getExtension(FlagBridgeExtension.class);
        ChangeSettings settings = extension.changeSettings();
        ChangeEvents changes = extension.changes();
        WebhookVerifier verifier = extension.webhookVerifier();
        if (settings == null || changes == null || verifier == null) {
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not started");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body over 64 KiB", request);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            reject(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body over 64 KiB", request);
            return;
        }
        String id = request.getHeader("X-ConfigCat-Webhook-ID");
        String timestamp = request.getHeader("X-ConfigCat-Webhook-Timestamp");
        WebhookVerifier.Verdict verdict = verifier.verify(id, timestamp,
                request.getHeader("X-ConfigCat-Webhook-Signature-V1"), body);
        switch (verdict) {
            case VALID -> accept(extension, settings, changes, Instant.ofEpochSecond(Long.parseLong(timestamp)),
                    body, response);
            case MALFORMED -> reject(response, HttpServletResponse.SC_BAD_REQUEST, "malformed timestamp or "
                    + "signature", request);
            default -> reject(response, HttpServletResponse.SC_UNAUTHORIZED,
                    verdict.name().toLowerCase(Locale.ROOT).replace('_', ' '), request);
        }
    }

    private void accept(FlagBridgeExtension extension, ChangeSettings settings, ChangeEvents changes, Instant when,
            byte[] body, HttpServletResponse response) throws IOException {
        extension.managedClient().client().forceRefresh();
        WebhookBody.parse(body).ifPresentOrElse(parsed -> {
            SegmentDispatcher segment = extension.segment();
            for (WebhookBody.Change change : parsed.changeDetails()) {
                if (change.settingKey() == null) {
                    continue;
                }
                FlagChanged changed = new FlagChanged(change.settingKey(), kind(change.event()),
                        FlagChanged.Source.WEBHOOK, details(change), when, parsed.configId(), parsed.configName(),
                        parsed.environmentId(), parsed.environmentName(), parsed.url(), parsed.changedByName(),
                        parsed.changedByEmail(), parsed.changeNotes());
                changes.fire(changed);
                if (segment != null && settings.segmentSource() == ChangeSettings.ChangedSource.WEBHOOK) {
                    segment.changed(changed, settings);
                }
            }
        }, () -> LOG.warning("FLAGBRIDGE-0077: a verified ConfigCat webhook had a body that is not the JSON "
                + "FlagBridge documents (ConfigCat pastes change notes unescaped); the client was refreshed and "
                + "the changes are reported from the new config instead"));
        answer(response, HttpServletResponse.SC_OK, "ok");
    }

    private static FlagChanged.Kind kind(String event) {
        String e = event == null ? "" : event.toLowerCase(Locale.ROOT);
        if (e.contains("add") || e.contains("creat")) {
            return FlagChanged.Kind.ADDED;
        }
        if (e.contains("remov") || e.contains("delet")) {
            return FlagChanged.Kind.REMOVED;
        }
        return FlagChanged.Kind.CHANGED;
    }

    private static String details(WebhookBody.Change change) {
        return change.details() == null ? "" : change.details().strip().replaceAll("\\s*\\r?\\n\\s*", "; ");
    }

    private void reject(HttpServletResponse response, int status, String why, HttpServletRequest request)
            throws IOException {
        rejected.warn(() -> "FLAGBRIDGE-0076: a ConfigCat webhook request from " + request.getRemoteAddr()
                + " was refused (" + status + ": " + why + ")");
        answer(response, status, why);
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(text);
    }
}
