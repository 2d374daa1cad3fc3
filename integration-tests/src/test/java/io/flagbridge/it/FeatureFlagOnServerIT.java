package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.TestApps;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FeatureFlagScenarios} on the managed WildFly or Open Liberty that {@code arquillian.launch} names. */
public class FeatureFlagOnServerIT extends OnServer implements FeatureFlagScenarios {

    @Deployment(name = TestApps.GATED, managed = false)
    public static WebArchive gated() {
        return TestApps.archive(TestApps.GATED);
    }

    @Deployment(name = TestApps.GATED_OWN_MAPPER, managed = false)
    public static WebArchive gatedWithOwnMapper() {
        return TestApps.archive(TestApps.GATED_OWN_MAPPER);
    }

    /** JAX-RS only: an application's own ExceptionMapper replaces FlagBridge's 404. */
    @Test
    void anApplicationsOwnMapperWins() {
        server().deploy(TestApps.GATED_OWN_MAPPER);
        try {
            assertThat(server().call(TestApps.GATED_OWN_MAPPER, "refresh", java.util.Map.of())).isEqualTo("ok");
            assertThat(server().get(TestApps.GATED_OWN_MAPPER, "api/shop/banner"))
                    .isEqualTo(Answer.text(410, "gone: banner"));
            assertThat(server().get(TestApps.GATED_OWN_MAPPER, "api/shop/checkout"))
                    .isEqualTo(Answer.text(200, "new checkout"));
        } finally {
            server().undeploy(TestApps.GATED_OWN_MAPPER);
        }
    }

    /** A {@code @SessionScoped} resource (a passivating scope) deploys with gated methods, and they are gated. */
    @Test
    void aSessionScopedResourceIsGated() {
        assertThat(server().get(TestApps.GATED, "api/cart/checkout")).isEqualTo(Answer.text(200, "session checkout"));
        assertThat(server().get(TestApps.GATED, "api/cart/search?q=hats"))
                .isEqualTo(Answer.text(200, "legacy session search for hats"));
    }
}
