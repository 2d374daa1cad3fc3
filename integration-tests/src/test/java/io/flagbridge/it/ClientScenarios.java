package io.flagbridge.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.PollingModes;
import com.configcat.User;

import io.flagbridge.it.support.SharedCdn;
import io.flagbridge.it.support.TestApps;
import io.flagbridge.testing.WeldApp;

import static io.flagbridge.it.support.TestApps.LOCAL;
import static io.flagbridge.it.support.TestApps.MANUAL;
import static io.flagbridge.it.support.TestApps.MANUAL_KEY;
import static io.flagbridge.it.support.TestApps.MISCONFIGURED;
import static io.flagbridge.it.support.TestApps.MISCONFIGURED_MESSAGE;
import static io.flagbridge.it.support.TestApps.OUTAGE;
import static io.flagbridge.it.support.TestApps.OUTAGE_KEY;
import static io.flagbridge.it.support.TestApps.REMOTE;
import static io.flagbridge.it.support.TestApps.REMOTE_KEY;
import static io.flagbridge.it.support.TestApps.THREADS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Inject ConfigCatClient} in a deployed application: written once, run on Weld SE, WildFly and Open Liberty.
 */
public interface ClientScenarios extends ThreadChecks {

    @BeforeAll
    static void serveFlags() {
        SharedCdn.CDN.serve(REMOTE_KEY, TestApps.flags().build());
        SharedCdn.CDN.serve(THREADS_KEY, TestApps.flags().build());
    }

    @Test
    default void localFlagsFromAResourceOfTheApplication() {
        server().deploy(LOCAL);
        try {
            assertThat(eval(LOCAL, "enabledFeature", "boolean")).isEqualTo("true");
            assertThat(eval(LOCAL, "disabledFeature", "boolean")).isEqualTo("false");
            assertThat(eval(LOCAL, "greeting", "string")).isEqualTo("hello");
            assertThat(eval(LOCAL, "retries", "int")).isEqualTo("3");
            assertThat(eval(LOCAL, "ratio", "double")).isEqualTo("0.5");
        } finally {
            server().undeploy(LOCAL);
        }
    }

    @Test
    default void flagsFromTheConfigCatCdn() {
        server().deploy(REMOTE);
        try {
            assertThat(eval(REMOTE, "newCheckout", "boolean")).isEqualTo("true");
            assertThat(eval(REMOTE, "plan", "string", "ann", "ann@example.com")).isEqualTo("premium");
            assertThat(eval(REMOTE, "plan", "string", "bob", "bob@other.org")).isEqualTo("basic");
            assertThat(eval(REMOTE, "unknownFlag", "boolean")).isEqualTo("false");

            // The percentage option: each user gets what ConfigCat's own evaluation here gives them.
            Set<String> seen = new HashSet<>();
            try (ConfigCatClient reference = referenceClient()) {
                for (int i = 0; i < 12; i++) {
                    String user = "user-" + i;
                    String expected = String.valueOf(reference.getValue(Boolean.class, "betaBanner",
                            User.newBuilder().build(user), false));
                    assertThat(eval(REMOTE, "betaBanner", "boolean", user, "")).as(user).isEqualTo(expected);
                    seen.add(expected);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertThat(seen).containsExactlyInAnyOrder("true", "false");
        } finally {
            server().undeploy(REMOTE);
        }
    }

    @Test
    default void aRefreshShowsANewConfigAndObserversSeeEveryEvaluation() {
        SharedCdn.CDN.serve(MANUAL_KEY, TestApps.flags().build());
        server().deploy(MANUAL);
        try {
            assertThat(server().call(MANUAL, "refresh", Map.of())).isEqualTo("ok");
            long before = Long.parseLong(server().call(MANUAL, "observed", Map.of()));
            assertThat(eval(MANUAL, "newCheckout", "boolean")).isEqualTo("true");

            SharedCdn.CDN.serve(MANUAL_KEY, TestApps.flags().boolFlag("newCheckout", false, "v-checkout-off").build());
            assertThat(eval(MANUAL, "newCheckout", "boolean")).as("manual polling: no fetch yet").isEqualTo("true");
            assertThat(server().call(MANUAL, "refresh", Map.of())).isEqualTo("ok");
            assertThat(eval(MANUAL, "newCheckout", "boolean")).isEqualTo("false");

            assertThat(Long.parseLong(server().call(MANUAL, "observed", Map.of())) - before).isEqualTo(3);
        } finally {
            server().undeploy(MANUAL);
        }
    }

    @Test
    default void aMisconfiguredApplicationFailsToDeployWithTheProblem() {
        try {
            assertThatThrownBy(() -> server().deploy(MISCONFIGURED))
                    .satisfies(failure -> assertThat(WeldApp.describe(failure)).contains(MISCONFIGURED_MESSAGE)
                            .doesNotContain(REMOTE_KEY));
        } finally {
            server().undeploy(MISCONFIGURED);
        }
    }

    @Test
    default void configCatDownNeverReachesTheCaller() {
        SharedCdn.CDN.serve(OUTAGE_KEY, TestApps.flags().build());
        SharedCdn.CDN.stop();
        try {
            server().deploy(OUTAGE); // deploys although the CDN is down
            assertThat(eval(OUTAGE, "newCheckout", "boolean")).as("no data yet: the default").isEqualTo("false");
        } finally {
            SharedCdn.CDN.restart();
        }
        try {
            await("flags arrive once the CDN is back").atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(eval(OUTAGE, "newCheckout", "boolean")).isEqualTo("true"));

            Map<String, Runnable> outages = new LinkedHashMap<>();
            outages.put("CDN stopped", SharedCdn.CDN::stop);
            outages.put("CDN answers 500", () -> SharedCdn.CDN.failWith(500));
            outages.put("CDN answers garbage", SharedCdn.CDN::serveGarbage);
            int round = 0;
            for (Map.Entry<String, Runnable> outage : outages.entrySet()) {
                String name = outage.getKey();
                String recovered = "recoveredFrom" + ++round;
                int before = SharedCdn.CDN.requests(OUTAGE_KEY);
                outage.getValue().run();
                try {
                    // Polls fail every second: for three of them the cached config keeps being served, and no
                    // exception reaches the caller.
                    await(name + ": the cached config is served").during(Duration.ofSeconds(3))
                            .atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                                assertThat(eval(OUTAGE, "newCheckout", "boolean")).isEqualTo("true");
                                assertThat(eval(OUTAGE, "plan", "string", "ann", "ann@example.com"))
                                        .isEqualTo("premium");
                            });
                    if (!name.equals("CDN stopped")) { // a stopped CDN counts no request
                        await(name + ": the poller keeps asking").atMost(Duration.ofSeconds(10))
                                .untilAsserted(() -> assertThat(SharedCdn.CDN.requests(OUTAGE_KEY))
                                        .isGreaterThanOrEqualTo(before + 2));
                    }
                } finally {
                    SharedCdn.CDN.recover();
                    SharedCdn.CDN.restart();
                }
                // The poller outlived the outage: a config published after it arrives without a refresh call.
                SharedCdn.CDN.serve(OUTAGE_KEY, TestApps.flags().boolFlag(recovered, true, "v-" + recovered).build());
                await(name + ": polling goes on afterwards").atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(eval(OUTAGE, recovered, "boolean")).isEqualTo("true"));
            }
        } finally {
            server().undeploy(OUTAGE);
        }
    }

    /**
     * The ten redeploys ({@link #redeployTenTimes}), first in the class; {@link #tenRedeploysLeftNoThreadBehind}
     * checks them later (last in the run on a server, last in the class on Weld SE).
     */
    @Test
    @Order(FIRST)
    default void tenRedeploysEachRunTheApplicationsThreads() {
        REDEPLOYS.put(server().name(), redeployTenTimes());
    }

    private String eval(String app, String key, String type) {
        return server().call(app, "eval", Map.of("key", key, "type", type));
    }

    private String eval(String app, String key, String type, String user, String email) {
        return server().call(app, "eval", Map.of("key", key, "type", type, "user", user, "email", email));
    }

    private static ConfigCatClient referenceClient() {
        String key = "configcat-sdk-1/flagbridge-it-refer-01/0123456789abcdefghijkl";
        SharedCdn.CDN.serve(key, TestApps.flags().build());
        ConfigCatClient client = ConfigCatClient.get(key, options -> {
            options.baseUrl(SharedCdn.CDN.baseUrl());
            options.pollingMode(PollingModes.manualPoll());
        });
        client.forceRefresh();
        return client;
    }
}
