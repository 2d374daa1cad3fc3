package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import io.flagbridge.it.support.AppServer;
import io.flagbridge.it.support.ArquillianServer;
import io.flagbridge.it.support.TestApps;

/** {@link SegmentScenarios} on the managed WildFly or Open Liberty that {@code arquillian.launch} names. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class SegmentOnServerIT extends SegmentScenarios {

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

    @Deployment(name = TestApps.SEGMENT, managed = false)
    public static WebArchive segment() {
        return TestApps.archive(TestApps.SEGMENT);
    }
}
