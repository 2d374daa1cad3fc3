package io.flagbridge.internal.webhook;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook's registration in a web application, with the application's own MicroProfile Config: the servlet
 * context is the part a container would give (its servlets and their mappings, which refuse a path already mapped).
 */
class WebhookInitializerTest {

    static final Map<String, String> WEBHOOK = Map.of("configcat.overrides.resource", "flags/segment.json",
            "configcat.overrides.behaviour", "local-only", "configcat.webhook.signing-keys",
            WebhookEndpointTest.SIGNING_KEY);

    /** The servlets of a web application and their mappings, as a container keeps them. */
    static final class Servlets {
        final Map<String, List<String>> mappings = new LinkedHashMap<>();

        Servlets map(String servlet, String... patterns) {
            mappings.computeIfAbsent(servlet, name -> new ArrayList<>()).addAll(List.of(patterns));
            return this;
        }

        ServletContext context(ClassLoader loader) {
            return (ServletContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ServletContext.class }, (proxy, m, args) -> switch (m.getName()) {
                        case "getClassLoader" -> loader;
                        case "addServlet" -> add((String) args[0]);
                        case "getServletRegistrations" -> {
                            Map<String, ServletRegistration> all = new LinkedHashMap<>();
                            mappings.keySet().forEach(name -> all.put(name, registration(name)));
                            yield all;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        private ServletRegistration.Dynamic add(String name) {
            if (mappings.containsKey(name)) {
                return null;
            }
            mappings.put(name, new ArrayList<>());
            return registration(name);
        }

        /** As the Servlet API says: a pattern that another servlet maps is returned, and then none is added. */
        private ServletRegistration.Dynamic registration(String name) {
            return (ServletRegistration.Dynamic) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ServletRegistration.Dynamic.class }, (proxy, m, args) -> switch (m.getName()) {
                        case "getName" -> name;
                        case "getMappings" -> List.copyOf(mappings.get(name));
                        case "addMapping" -> {
                            Set<String> conflicts = new LinkedHashSet<>();
                            for (String pattern : (String[]) args[0]) {
                                mappings.forEach((other, patterns) -> {
                                    if (!other.equals(name) && patterns.contains(pattern)) {
                                        conflicts.add(pattern);
                                    }
                                });
                            }
                            if (conflicts.isEmpty()) {
                                mappings.get(name).addAll(List.of((String[]) args[0]));
                            }
                            yield conflicts;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static void startup(Map<String, String> config, Servlets servlets) throws ServletException {
        try (WeldApp app = WeldApp.start(config)) {
            new WebhookInitializer().onStartup(Set.<Class<?>> of(), servlets.context(app.loader()));
        }
    }

    @Test
    void theWebhookIsMappedAtItsPath() throws ServletException {
        Servlets servlets = new Servlets().map("shop", "/shop/*");
        startup(WEBHOOK, servlets);
        assertThat(servlets.mappings).containsEntry("flagbridge-configcat-webhook",
                List.of("/flagbridge/configcat-webhook"));
    }

    @Test
    void aPathThatTheApplicationMapsFailsTheDeploymentNamingTheKeyThePathAndTheServlet() {
        Servlets servlets = new Servlets().map("shop", "/shop/*").map("notifications", "/flagbridge/configcat-webhook");
        assertThatThrownBy(() -> startup(WEBHOOK, servlets)).hasMessage("FLAGBRIDGE-0080: configcat.webhook.path="
                + "'/flagbridge/configcat-webhook' is already mapped by the application's servlet 'notifications', so "
                + "ConfigCat's webhook cannot be registered there; expected a path that no servlet of the application "
                + "maps (set configcat.webhook.path)");
    }

    @Test
    void aConfiguredPathThatClashesIsNamedAsConfigured() {
        Map<String, String> config = new LinkedHashMap<>(WEBHOOK);
        config.put("configcat.webhook.path", "/hooks/configcat");
        Servlets servlets = new Servlets().map("hooks", "/hooks/configcat", "/hooks/github");
        assertThatThrownBy(() -> startup(config, servlets)).hasMessage("FLAGBRIDGE-0080: configcat.webhook.path="
                + "'/hooks/configcat' is already mapped by the application's servlet 'hooks', so ConfigCat's webhook "
                + "cannot be registered there; expected a path that no servlet of the application maps (set "
                + "configcat.webhook.path)");
    }

    @Test
    void withoutSigningKeysNothingIsRegisteredAndAClashDoesNotMatter() throws ServletException {
        Servlets servlets = new Servlets().map("notifications", "/flagbridge/configcat-webhook");
        startup(Map.of("configcat.overrides.resource", "flags/segment.json", "configcat.overrides.behaviour",
                "local-only"), servlets);
        assertThat(servlets.mappings).containsOnlyKeys("notifications");
    }
}
