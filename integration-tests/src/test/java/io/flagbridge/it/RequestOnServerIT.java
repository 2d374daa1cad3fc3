package io.flagbridge.it;

import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.request.Gates;
import io.flagbridge.it.support.AppServer.Answer;
import io.flagbridge.it.support.DeploymentFailure;
import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.TestApps;
import io.flagbridge.testing.ConfigJson;

import static io.flagbridge.it.support.TestApps.REQUEST;
import static io.flagbridge.it.support.TestApps.REQUEST_KEY;
import static io.flagbridge.it.support.TestApps.REQUEST_MISSING_FALLBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One value per request on WildFly and Open Liberty (servers without Jakarta Concurrency or Context Propagation on
 * Liberty: FlagBridge deploys unchanged there): a refresh of the client between two evaluations of one request
 * ({@code @FeatureFlag} and {@code RequestFlags}) gives the first value twice, the injected client the new one, and the
 * next request the new value. A gate's key and fallback set in MicroProfile Config (per-method settings), the second
 * failing the deployment with its message.
 */
public class RequestOnServerIT extends OnServer {

    @Deployment(name = REQUEST, managed = false)
    public static WebArchive request() {
        return TestApps.archive(REQUEST);
    }

    static String flags(boolean checkout) {
        return ConfigJson.forCdn(SharedCdn.CDN.baseUrl()).boolFlag("checkout", checkout, "v-" + checkout).build();
    }

    @Deployment(name = REQUEST_MISSING_FALLBACK, managed = false)
    public static WebArchive missingFallback() {
        return TestApps.archive(REQUEST_MISSING_FALLBACK);
    }

    @BeforeEach
    void deploy() {
        SharedCdn.CDN.serve(REQUEST_KEY, flags(true));
        server().deploy(REQUEST);
        assertThat(server().call(REQUEST, "refresh", Map.of())).isEqualTo("ok");
    }

    @AfterEach
    void undeploy() {
        server().undeploy(REQUEST);
    }

    @Test
    void aRefreshBetweenTwoEvaluationsOfOneRequestGivesTheFirstValueTwiceAndTheNextRequestTheNewOne() {
        assertThat(server().get(REQUEST, "api/request/once?user=alice")).isEqualTo(Answer.text(200, "new true"));
        SharedCdn.CDN.serve(REQUEST_KEY, flags(false)); // manual polling: the client sees it at its next refresh
        assertThat(server().get(REQUEST, "api/request/twice?user=alice"))
                .isEqualTo(Answer.text(200, "new true | new true | live false"));
        assertThat(server().get(REQUEST, "api/request/once?user=alice")).isEqualTo(Answer.text(200, "classic false"));
    }

    @Test
    void aGatesKeySetInTheConfigurationWinsOverItsAnnotation() {
        assertThat(server().get(REQUEST, "api/request/renamed?user=alice")).isEqualTo(Answer.text(200, "new"));
    }

    @Test
    void aFallbackSetInTheConfigurationThatDoesNotExistFailsTheDeploymentWithItsMessage() {
        String gates = Gates.class.getName();
        try {
            assertThat(DeploymentFailure.of(server(), REQUEST_MISSING_FALLBACK)).contains(
                    "FLAGBRIDGE-0102: @FeatureFlag on " + gates + ".renamed() with "
                            + gates + "/renamed/FeatureFlag/fallbackMethod=oldCheckout names fallback method "
                            + "'oldCheckout', which does not exist in " + gates + "; expected a method oldCheckout()");
        } finally {
            server().undeploy(REQUEST_MISSING_FALLBACK);
        }
    }
}
