package io.flagbridge.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.TestApps;

import static io.flagbridge.it.support.TestApps.THREADS;
import static io.flagbridge.it.support.TestApps.THREAD_PROBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ten redeploys of an application that runs threads (FlagBridge's, ConfigCat's, OkHttp's), and the check that none of
 * them is left: FlagBridge's and ConfigCat's end at undeploy, OkHttp's and Okio's daemons a minute after their last
 * work. On a server the check runs in the last test class of the run ({@link ThreadsLeftOnServerIT}), so that the
 * minute passes while the other classes run; on Weld SE, in the last test of {@link ClientOnWeldIT}.
 */
public interface ThreadChecks {

    /** Where the redeploys run. */
    AppServer server();

    /**
     * Pools of the runtime itself, which start and end threads on demand, so that the names in two snapshots differ
     * without anything leaking: WildFly's (deployment service, Undertow and management workers, MSC), Liberty's
     * (its executors, configuration updates, the JMX connections of Arquillian's deployer), Payara's (its Hazelcast's
     * cached threads, and its kernel's threads for admin jobs' cleanup, domain.xml writes and its executor, which the
     * first deployments start and every later one keeps alive for another minute),
     * and on Weld SE those of
     * the test JVM (the JDK HTTP servers of the fakes, which start with the first test that needs them).
     */
    Pattern RUNTIME_POOLS = Pattern.compile(String.join("|",
            "ServerService Thread Pool -- \\d+", "default task-\\d+", "management task-\\d+",
            "management-handler-thread - \\d+", "MSC service thread \\d+-\\d+",
            "Default Executor-thread-\\d+", "Scheduled Executor-thread-\\d+", "RMI TCP Connection\\(\\w+\\).*",
            "RMI Scheduler\\(\\d+\\)", "Config-Thread-\\d+",
            "fake-configcat-cdn-\\d+-\\d+", "fake-segment-\\d+-\\d+", "HTTP-Dispatcher",
            "idle-timeout-task", "hz\\.\\w+\\.cached\\.thread-\\d+", "Job Cleanup Service", "GF Domain XML",
            "Executor-Service-\\d+"));

    /**
     * Threads of the test JVM on Weld SE, whatever context class loader they took from the thread that started them:
     * OkHttp and Okio are the test JVM's there, not an application's (there is no WEB-INF/lib), and their daemons
     * serve every application and the test itself, as the common fork-join pool and Weld's own threads do. In a
     * server each deployment has its own OkHttp, whose daemons end a minute after its last call: those are waited for.
     */
    Pattern TEST_JVM_THREADS = Pattern.compile(
            "OkHttp TaskRunner|Okio Watchdog|ForkJoinPool\\.commonPool-worker-\\d+|weld-.*");

    /** The first and the last test of a class (on Weld SE, the ten redeploys and the check that their threads are gone). */
    int FIRST = 1;
    int LAST = Integer.MAX_VALUE;

    /**
     * The ten redeploys of a runtime (its name), from the test that made them to the check: the minute that OkHttp's
     * daemons take to end passes while the tests between them run.
     */
    Map<String, Redeploys> REDEPLOYS = new ConcurrentHashMap<>();

    /**
     * The server's threads before the redeploys, those of the last deployment while it was deployed, and the highest
     * thread ID when they were done: a thread with a higher one was made afterwards, by someone else.
     */
    record Redeploys(List<String> before, List<String> whileDeployed, long lastThreadId) {
    }

    /**
     * Checks that the threads of the ten redeploys that {@link #redeployTenTimes} made for this runtime are all gone,
     * waiting for OkHttp's daemons: made on its own (no redeploys on record), it makes them itself and then waits the
     * whole minute.
     */
    default void tenRedeploysLeftNoThreadBehind() {
        Redeploys recorded = REDEPLOYS.remove(server().name());
        Redeploys redeploys = recorded != null ? recorded : redeployTenTimes();
        server().deploy(THREAD_PROBE);
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
                        .untilAsserted(() -> assertThat(newThreads(redeploys.before(), threadsStartedBy(redeploys)))
                                .isEmpty());
            } finally {
                List<String> afterUndeploy = server().threadsOfEveryDeploymentOf(THREADS);
                List<String> after = threadsStartedBy(redeploys);
                System.out.printf("[%s] %s, 10 deployments: %d threads of its own while deployed %s; at the end of "
                        + "the check %d of any of its deployments %s; threads that were not there before %s (the "
                        + "runtime's own pools and other applications' threads aside); all threads %d before, %d "
                        + "after%n", server().name(), THREADS, redeploys.whileDeployed().size(),
                        redeploys.whileDeployed(), afterUndeploy.size(), afterUndeploy,
                        newThreads(redeploys.before(), after), redeploys.before().size(), after.size());
            }
        } finally {
            server().undeploy(THREAD_PROBE);
        }
    }

    /**
     * Deploys and undeploys {@link TestApps#THREADS} ten times, each evaluating (which fetches with OkHttp and sends
     * to Segment), and keeps what {@link #tenRedeploysLeftNoThreadBehind} checks.
     */
    default Redeploys redeployTenTimes() {
        server().deploy(THREAD_PROBE);
        try {
            return redeployTenTimesWithProbe();
        } finally {
            server().undeploy(THREAD_PROBE);
        }
    }

    private Redeploys redeployTenTimesWithProbe() {
        List<String> before = server().allThreads();
        List<String> whileDeployed = List.of();
        for (int i = 0; i < 10; i++) {
            server().deploy(THREADS);
            try {
                String user = "ann-" + i;
                // Evaluating makes the application do its work: fetch (OkHttp) and send to Segment.
                await("thread-owner's flags").atMost(Duration.ofSeconds(10)).untilAsserted(
                        () -> assertThat(server().call(THREADS, "eval",
                                Map.of("key", "plan", "type", "string", "user", user, "email", "ann@example.com")))
                                .isEqualTo("premium"));
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
        return new Redeploys(before, whileDeployed, server().lastThreadId());
    }

    /**
     * The server's threads that were made by the end of the redeploys, but those of the other test applications
     * deployed meanwhile (each with an OkHttp of its own in a server, whose daemons end a minute after its last call).
     * Threads made afterwards (a higher thread ID) are another application's: the other test classes' applications
     * keep starting OkHttp daemons, not all with their own context class loader, so that a check by name alone would
     * wait for a minute of quiet. A thread that a leaked part of the redeployed application starts later has that
     * application's context class loader, which the first check sees.
     */
    private List<String> threadsStartedBy(Redeploys redeploys) {
        List<String> threads = new ArrayList<>(server().allThreadsUpTo(redeploys.lastThreadId()));
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

}
