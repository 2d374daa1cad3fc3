package io.flagbridge.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.configcat.ConfigCatClient;
import com.configcat.PollingModes;
import com.configcat.User;

import io.flagbridge.it.support.AppServer;
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
import static io.flagbridge.it.support.TestApps.THREADS;
import static io.flagbridge.it.support.TestApps.THREADS_KEY;
import static io.flagbridge.it.support.TestApps.THREAD_PROBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Inject ConfigCatClient} in a deployed application: written once, run on Weld SE, WildFly and Open Liberty.
 */
public interface ClientScenarios {

    /** Where the scenarios run. */
    AppServer server();

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
     * Pools of the runtime itself, which start and end threads on demand, so that the names in two snapshots differ
     * without anything leaking: WildFly's (deployment service, Undertow and management workers, MSC), Liberty's
     * (its executors, configuration updates, the JMX connections of Arquillian's deployer), Payara's (its Hazelcast's
     * cached threads), and on Weld SE those of
     * the test JVM (the JDK HTTP servers of the fakes, which start with the first test that needs them).
     */
    Pattern RUNTIME_POOLS = Pattern.compile(String.join("|",
            "ServerService Thread Pool -- \\d+", "default task-\\d+", "management task-\\d+",
            "management-handler-thread - \\d+", "MSC service thread \\d+-\\d+",
            "Default Executor-thread-\\d+", "Scheduled Executor-thread-\\d+", "RMI TCP Connection\\(\\w+\\).*",
            "RMI Scheduler\\(\\d+\\)", "Config-Thread-\\d+",
            "fake-configcat-cdn-\\d+-\\d+", "fake-segment-\\d+-\\d+", "HTTP-Dispatcher",
            "idle-timeout-task", "hz\\.\\w+\\.cached\\.thread-\\d+"));

    /**
     * Threads of the test JVM on Weld SE, whatever context class loader they took from the thread that started them:
     * OkHttp and Okio are the test JVM's there, not an application's (there is no WEB-INF/lib), and their daemons
     * serve every application and the test itself, as the common fork-join pool and Weld's own threads do. In a
     * server each deployment has its own OkHttp, whose daemons end a minute after its last call: those are waited for.
     */
    Pattern TEST_JVM_THREADS = Pattern.compile(
            "OkHttp TaskRunner|Okio Watchdog|ForkJoinPool\\.commonPool-worker-\\d+|weld-.*");

    /** The first and the last test of a class: the ten redeploys, and the check that their threads are all gone. */
    int FIRST = 1;
    int LAST = Integer.MAX_VALUE;

    /**
     * The ten redeploys of a runtime (its name), from the first test of the class to the last: the minute that
     * OkHttp's daemons take to end passes while the tests between them run.
     */
    Map<String, Redeploys> REDEPLOYS = new ConcurrentHashMap<>();

    /** The server's threads before the redeploys, and those of the last deployment while it was deployed. */
    record Redeploys(List<String> before, List<String> whileDeployed) {
    }

    /**
     * Deploys and undeploys {@link TestApps#THREADS} ten times, each evaluating (which fetches with OkHttp and sends
     * to Segment); the thread probe stays deployed for {@link #tenRedeploysLeaveNoThreadBehind}.
     */
    @Test
    @Order(FIRST)
    default void tenRedeploysEachRunTheApplicationsThreads() {
        REDEPLOYS.put(server().name(), redeployTenTimes());
    }

    @Test
    @Order(LAST)
    default void tenRedeploysLeaveNoThreadBehind() {
        // Run on its own, this test makes the redeploys itself (and then waits the whole minute).
        Redeploys redeploys = Optional.ofNullable(REDEPLOYS.remove(server().name())).orElseGet(this::redeployTenTimes);
        try {
            // FlagBridge's and ConfigCat's threads end at undeploy; OkHttp's and Okio's shared daemon threads after
            // 60 s without work, so those of the last deployments may be there for a while.
            try {
                await("the threads of every deployment of " + THREADS + " end").atMost(Duration.ofSeconds(90))
                        .untilAsserted(() -> assertThat(butTestJvmThreads(server().threadsOfEveryDeploymentOf(THREADS)))
                                .isEmpty());
                // By name too: a thread whose context class loader is not the application's escapes the check above.
                await("no thread that was not there before the deployments").atMost(Duration.ofSeconds(90))
                        .pollInSameThread()
                        .untilAsserted(() -> assertThat(newThreads(redeploys.before(), threadsButOtherApplications()))
                                .isEmpty());
            } finally {
                List<String> afterUndeploy = server().threadsOfEveryDeploymentOf(THREADS);
                List<String> after = threadsButOtherApplications();
                System.out.printf("[%s] %s, 10 deployments: %d threads of its own while deployed %s; at the end of "
                        + "the class %d of any of its deployments %s; threads that were not there before %s (the "
                        + "runtime's own pools and other applications' threads aside); all threads %d before, %d "
                        + "after%n", server().name(), THREADS, redeploys.whileDeployed().size(),
                        redeploys.whileDeployed(), afterUndeploy.size(), afterUndeploy,
                        newThreads(redeploys.before(), after), redeploys.before().size(), after.size());
            }
        } finally {
            server().undeploy(THREAD_PROBE);
        }
    }

    private Redeploys redeployTenTimes() {
        server().deploy(THREAD_PROBE);
        List<String> before = server().allThreads();
        List<String> whileDeployed = List.of();
        for (int i = 0; i < 10; i++) {
            server().deploy(THREADS);
            try {
                String user = "ann-" + i;
                // Evaluating makes the application do its work: fetch (OkHttp) and send to Segment.
                await("thread-owner's flags").atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(eval(THREADS, "plan", "string", user, "ann@example.com")).isEqualTo("premium"));
                whileDeployed = server().threadsOf(THREADS);
            } finally {
                server().undeploy(THREADS);
            }
            // Threads started at deployment, so always there; OkHttp's start lazily and not always from a
            // thread of the application (the comparison with the threads before covers them).
            assertThat(whileDeployed).as("the check must see the application's threads to mean anything")
                    .anyMatch(name -> name.startsWith("flagbridge-segment-"))
                    .anyMatch(name -> name.startsWith("pool-"));
        }
        return new Redeploys(before, whileDeployed);
    }

    /**
     * The server's threads but those of the other test applications deployed meanwhile (each with an OkHttp of its
     * own in a server, whose daemons end a minute after its last call).
     */
    private List<String> threadsButOtherApplications() {
        List<String> threads = new ArrayList<>(server().allThreads());
        for (String app : TestApps.names()) {
            if (!app.equals(THREADS)) {
                server().threadsOfEveryDeploymentOf(app).forEach(threads::remove);
            }
        }
        return threads;
    }

    /**
     * The thread names of {@code after} that {@code before} does not account for, as multisets (two threads of one
     * name need two in {@code before}), leaving out the runtime's own pools (and on Weld SE the test JVM's
     * threads).
     */
    private List<String> newThreads(List<String> before, List<String> after) {
        Map<String, Long> left = before.stream().collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        List<String> added = new ArrayList<>();
        for (String name : butTestJvmThreads(after)) {
            if (left.merge(name, -1L, Long::sum) < 0 && !RUNTIME_POOLS.matcher(name).matches()) {
                added.add(name);
            }
        }
        return added;
    }

    /** The threads but, on Weld SE, the test JVM's ({@link #TEST_JVM_THREADS}). */
    private List<String> butTestJvmThreads(List<String> threads) {
        return server().name().equals("weld")
                ? threads.stream().filter(name -> !TEST_JVM_THREADS.matcher(name).matches()).toList()
                : threads;
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
