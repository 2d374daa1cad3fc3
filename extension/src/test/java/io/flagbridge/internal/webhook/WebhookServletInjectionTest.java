package io.flagbridge.internal.webhook;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionTarget;

import org.junit.jupiter.api.Test;

import io.flagbridge.testing.WeldApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Payara Server makes an injection target for every servlet class of a bean archive, registered or not, and fails the
 * deployment when one has an injection point that no bean satisfies. FlagBridge's jar is a bean archive (its
 * beans.xml), so the webhook servlet must be injectable also when the webhook is off.
 */
class WebhookServletInjectionTest {

    static final Map<String, String> LOCAL_FLAGS = Map.of("configcat.overrides.resource", "flags/segment.json",
            "configcat.overrides.behaviour", "local-only");

    @Test
    void theServletIsInjectableWithoutSigningKeys() {
        try (WeldApp app = WeldApp.start(LOCAL_FLAGS)) {
            assertThatCode(() -> {
                InjectionTarget<WebhookServlet> target = injectionTarget(app);
                target.inject(target.produce(app.container().getBeanManager().createCreationalContext(null)),
                        app.container().getBeanManager().createCreationalContext(null));
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void withSigningKeysTheInjectedServletHasTheApplicationsEndpoint() throws Exception {
        Map<String, String> config = new HashMap<>(LOCAL_FLAGS);
        config.put("configcat.webhook.signing-keys", WebhookEndpointTest.SIGNING_KEY);
        try (WeldApp app = WeldApp.start(config)) {
            InjectionTarget<WebhookServlet> target = injectionTarget(app);
            WebhookServlet servlet = target.produce(app.container().getBeanManager().createCreationalContext(null));
            target.inject(servlet, app.container().getBeanManager().createCreationalContext(null));
            servlet.init();
            assertThat(servlet.endpoint).isSameAs(app.select(WebhookEndpoint.class));
        }
    }

    private static InjectionTarget<WebhookServlet> injectionTarget(WeldApp app) {
        BeanManager beanManager = app.container().getBeanManager();
        return beanManager.getInjectionTargetFactory(beanManager.createAnnotatedType(WebhookServlet.class))
                .createInjectionTarget(null);
    }
}
