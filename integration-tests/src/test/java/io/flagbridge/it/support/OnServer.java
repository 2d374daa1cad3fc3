package io.flagbridge.it.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every {@code *OnServerIT}: the managed WildFly or Open Liberty that {@code arquillian.launch} names, with
 * the tests running as clients (the fakes are HTTP servers in the test JVM; WildFly hides {@code jdk.httpserver} from
 * deployments). A subclass declares only its deployments, each a static
 * {@code @Deployment(name = ..., managed = false)} method returning {@link TestApps#archive}: Arquillian looks for
 * them in the test class and its superclasses, but there is nothing to share here, since each test application is
 * used by one test class. Arquillian undeploys what is still deployed after a class's last test, which
 * {@link AppServer#deployForClass} relies on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class OnServer {

    @ArquillianResource
    private Deployer deployer;

    /** What {@link AppServer#deployForClass} deployed for the running class (one class runs at a time). */
    private static final Set<String> DEPLOYED_FOR_CLASS = ConcurrentHashMap.newKeySet();

    private AppServer server;

    /** The server, as the scenarios see it. */
    public AppServer server() {
        if (server == null) {
            server = new ArquillianServer(deployer, DEPLOYED_FOR_CLASS);
        }
        return server;
    }

    @AfterAll
    static void classDeploymentsEndWithTheClass() {
        DEPLOYED_FOR_CLASS.clear();
    }

    /** Arquillian's deployer, for a deployment that is not one of {@link TestApps}. */
    protected Deployer deployer() {
        return deployer;
    }
}
