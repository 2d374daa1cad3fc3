package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.TestApps;

/** {@link ClientScenarios} on the managed WildFly or Open Liberty that {@code arquillian.launch} names. */
public class ClientOnServerIT extends OnServer implements ClientScenarios {

    @Deployment(name = TestApps.LOCAL, managed = false)
    public static WebArchive local() {
        return TestApps.archive(TestApps.LOCAL);
    }

    @Deployment(name = TestApps.REMOTE, managed = false)
    public static WebArchive remote() {
        return TestApps.archive(TestApps.REMOTE);
    }

    @Deployment(name = TestApps.MANUAL, managed = false)
    public static WebArchive manual() {
        return TestApps.archive(TestApps.MANUAL);
    }

    @Deployment(name = TestApps.MISCONFIGURED, managed = false)
    public static WebArchive misconfigured() {
        return TestApps.archive(TestApps.MISCONFIGURED);
    }

    @Deployment(name = TestApps.THREADS, managed = false)
    public static WebArchive threads() {
        return TestApps.archive(TestApps.THREADS);
    }

    @Deployment(name = TestApps.OUTAGE, managed = false)
    public static WebArchive outage() {
        return TestApps.archive(TestApps.OUTAGE);
    }

    @Deployment(name = TestApps.THREAD_PROBE, managed = false)
    public static WebArchive threadProbe() {
        return TestApps.archive(TestApps.THREAD_PROBE);
    }
}
