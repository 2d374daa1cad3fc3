package io.flagbridge.it.support;

import java.util.List;
import java.util.Map;

/**
 * Where the integration tests run a test application: Weld SE, WildFly or Open Liberty. The scenarios are written
 * once against this interface.
 */
public interface AppServer {

    /** {@code weld}, {@code wildfly} or {@code liberty}. */
    String name();

    /** Deploys one of {@link TestApps}; throws what the runtime throws when the deployment fails. */
    void deploy(String app);

    /**
     * Deploys one of {@link TestApps} for the tests of the running test class that share it, unless it is deployed
     * already: a server keeps it deployed until the class's last test has run (Arquillian undeploys it then), Weld SE
     * until the end of the test (a deployment there takes milliseconds). A test that shares a deployment resets the
     * state it depends on.
     */
    void deployForClass(String app);

    void undeploy(String app);

    /** Calls {@code FlagProbe.handle(command, parameters)} in the application (over HTTP in a server). */
    String call(String app, String command, Map<String, String> parameters);

    /**
     * A GET of a path of the application, such as {@code api/shop/search?q=shoes}: over HTTP in a server; on Weld SE,
     * a call of the JAX-RS resource method that the path names (there is no JAX-RS there: a
     * {@code FeatureDisabledException} is answered as FlagBridge's mapper does in a server, {@code text/plain} 404
     * {@code Not Found}, and a path that no resource method has with another 404).
     */
    Answer get(String app, String path);

    /**
     * An HTTP answer: its status, the media type of its body without parameters (such as {@code text/plain} for
     * {@code text/plain;charset=UTF-8}; null when the answer names none), and its body.
     */
    record Answer(int status, String mediaType, String body) {

        /** A {@code text/plain} answer. */
        public static Answer text(int status, String body) {
            return new Answer(status, "text/plain", body);
        }
    }

    /**
     * The names of the live threads that belong to the application: those whose context class loader is the
     * application's (recorded at deployment, so that it works after undeployment too).
     */
    List<String> threadsOf(String app);

    /** Like {@link #threadsOf}, for every deployment of the application this test made, not only the last one. */
    List<String> threadsOfEveryDeploymentOf(String app);

    /** The names of all live threads of the server (the test JVM on Weld SE). */
    default List<String> allThreads() {
        return allThreadsUpTo(Long.MAX_VALUE);
    }

    /** The highest ID of the server's live threads: a thread made later has a higher one. */
    long lastThreadId();

    /** The names of the server's live threads whose ID is at most {@code lastThreadId} (made by then). */
    List<String> allThreadsUpTo(long lastThreadId);
}
