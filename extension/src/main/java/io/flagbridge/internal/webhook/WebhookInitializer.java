package io.flagbridge.internal.webhook;

import java.util.Optional;
import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import org.eclipse.microprofile.config.ConfigProvider;

import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.config.ChangeSettings;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.util.AppLog;

/**
 * Registers the change webhook in a web application when {@code configcat.webhook.signing-keys} is set, whatever the
 * application's JAX-RS setup. The keys and path are validated at deployment by the extension; a path that one of the
 * application's servlets already maps fails the deployment (the container would leave the webhook unmapped).
 */
public final class WebhookInitializer implements ServletContainerInitializer {

    static final String SERVLET_NAME = "flagbridge-configcat-webhook";

    private static final AppLog LOG = AppLog.of(WebhookInitializer.class);

    /** A class of Quarkus, whose HTTP layer carries the webhook itself ({@link WebhookRoute}). */
    private static final String QUARKUS = "io.quarkus.runtime.Quarkus";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(context.getClassLoader()));
        if (reader.string(ConfigKeys.WEBHOOK_SIGNING_KEYS).isEmpty() || onQuarkus(context.getClassLoader())) {
            return;
        }
        // By class: the container creates it and injects its endpoint.
        ServletRegistration.Dynamic webhook = context.addServlet(SERVLET_NAME, WebhookServlet.class);
        if (webhook != null) {
            String path = ChangeSettings.webhookPath(reader);
            if (!webhook.addMapping(path).isEmpty()) {
                String problem = Messages.webhookPathTaken(path, servletMapping(context, path));
                // Logged as well: Open Liberty reports an initializer's exception only as an FFDC incident.
                LOG.severe(problem);
                throw new IllegalStateException(problem);
            }
        }
    }

    private static Optional<String> servletMapping(ServletContext context, String path) {
        return context.getServletRegistrations().values().stream()
                .filter(servlet -> !servlet.getName().equals(SERVLET_NAME) && servlet.getMappings().contains(path))
                .map(ServletRegistration::getName)
                .findFirst();
    }

    /** Quarkus with its servlet container (quarkus-undertow) runs this too: the route serves the webhook there. */
    private static boolean onQuarkus(ClassLoader loader) {
        try {
            Class.forName(QUARKUS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
