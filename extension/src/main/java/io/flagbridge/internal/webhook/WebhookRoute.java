package io.flagbridge.internal.webhook;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.ConfigReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Carries ConfigCat's webhook ({@code POST} and {@code GET}) to the {@link WebhookEndpoint} on Quarkus, which serves
 * HTTP through its Vert.x router and runs no servlet container unless the application adds one: registered when
 * {@code configcat.webhook.signing-keys} is set, at {@code configcat.webhook.path} under Quarkus's root path. Loaded
 * only where the application sees Vert.x Web (FlagBridge's build compatible extension adds it then).
 */
public class WebhookRoute {

    /** A class of Vert.x Web, to look for with the application's class loader. */
    public static final String ROUTER = "io.vertx.ext.web.Router";

    private static final String TOO_LARGE = "body over 64 KiB";
    /** Quarkus's root path (where a server has the web application's context path), {@code /} by default. */
    private static final String ROOT_PATH = "quarkus.http.root-path";

    private final Instance<WebhookEndpoint> endpoints;

    /** @param endpoints looked up at each request: the endpoint exists from the application's start */
    @Inject
    public WebhookRoute(Instance<WebhookEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    public void route(@Observes Router router) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Config config = ConfigProvider.getConfig(loader != null ? loader : WebhookRoute.class.getClassLoader());
        ConfigReader reader = ConfigReader.of(config);
        // The keys and the path are validated when the application starts.
        if (reader.string(ConfigKeys.WEBHOOK_SIGNING_KEYS).isPresent()) {
            router.route(under(config.getOptionalValue(ROOT_PATH, String.class).orElse("/"),
                    ChangeSettings.webhookPath(reader))).method(HttpMethod.POST).method(HttpMethod.GET)
                    .handler(this::handle);
        }
    }

    /** The path of the webhook under the application's root path, where its other resources are. */
    static String under(String rootPath, String path) {
        String root = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        return (root.startsWith("/") || root.isEmpty() ? root : "/" + root) + path;
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String from = request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
        WebhookEndpoint endpoint = endpoints.get();
        WebhookEndpoint.Headers headers = new WebhookEndpoint.Headers(request.getHeader("X-ConfigCat-Webhook-ID"),
                request.getHeader("X-ConfigCat-Webhook-Timestamp"),
                request.getHeader("X-ConfigCat-Webhook-Signature-V1"));
        // The headers first: an unsigned, stale or late request is refused without reading its body.
        WebhookEndpoint.Answer refused = endpoint.check(from, headers).orElse(null);
        if (refused == null && declaredLength(request) > WebhookEndpoint.MAX_BODY) {
            refused = endpoint.refuse(from, 413, TOO_LARGE);
        }
        if (refused != null) {
            answer(context, endpoint, refused);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = { false };
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > WebhookEndpoint.MAX_BODY) {
                over[0] = true;
                answer(context, endpoint, endpoint.refuse(from, 413, TOO_LARGE));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!over[0]) {
                // Off the event loop: the application's FlagChanged observers run on this thread.
                context.vertx().executeBlocking(() -> endpoint.handle(from, headers, body.getBytes()), false)
                        .onComplete(result -> answer(context, endpoint, result.succeeded() ? result.result()
                                : new WebhookEndpoint.Answer(500, "internal error")));
            }
        });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(RoutingContext context, WebhookEndpoint endpoint, WebhookEndpoint.Answer answer) {
        if (context.response().ended()) {
            return;
        }
        endpoint.answered(answer);
        context.response().setStatusCode(answer.status()).putHeader("Content-Type", "text/plain;charset=UTF-8")
                .end(answer.text());
    }
}
