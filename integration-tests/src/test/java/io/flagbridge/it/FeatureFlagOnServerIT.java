package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.ArquillianServer;
import io.flagbridge.it.support.TestApps;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FeatureFlagScenarios} on the managed WildFly or Open Liberty that {@code arquillian.launch} names. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class FeatureFlagOnServerIT extends FeatureFlagScenarios {

    @ArquillianResource
    Deployer deployer;

    private AppServer server;

    @Override
    protected AppServer server() {
        if (server == null) {
            server = new ArquillianServer(deployer);
        }
        return server;
    }

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
                    .isEqualTo(new Answer(410, "gone: banner"));
            assertThat(server().get(TestApps.GATED_OWN_MAPPER, "api/shop/checkout"))
                    .isEqualTo(new Answer(200, "new checkout"));
        } finally {
            server().undeploy(TestApps.GATED_OWN_MAPPER);
        }
    }

    /** A {@code @SessionScoped} resource (a passivating scope) deploys with gated methods, and they are gated. */
    @Test
    void aSessionScopedResourceIsGated() {
        assertThat(server().get(TestApps.GATED, "api/cart/checkout")).isEqualTo(new Answer(200, "session checkout"));
        assertThat(server().get(TestApps.GATED, "api/cart/search?q=hats"))
                .isEqualTo(new Answer(200, "legacy session search for hats"));
    }
}
