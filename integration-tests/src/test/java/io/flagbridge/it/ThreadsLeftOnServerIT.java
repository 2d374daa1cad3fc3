package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.TestApps;

/**
 * The last test class of a server's run ({@code junit-platform.properties} orders classes by {@link Order}): the
 * threads of the ten redeploys that {@link ClientOnServerIT} made first are all gone. OkHttp's and Okio's daemons end
 * a minute after their last work, and that minute has passed while the other classes ran, so the check does not wait
 * for it (run alone, it makes the redeploys itself and waits).
 */
@Order(Integer.MAX_VALUE)
public class ThreadsLeftOnServerIT extends OnServer implements ThreadChecks {

    @Deployment(name = TestApps.THREADS, managed = false)
    public static WebArchive threads() {
        return TestApps.archive(TestApps.THREADS);
    }

    @Deployment(name = TestApps.THREAD_PROBE, managed = false)
    public static WebArchive threadProbe() {
        return TestApps.archive(TestApps.THREAD_PROBE);
    }

    @Test
    void tenRedeploysOfClientOnServerItLeftNoThreadBehind() {
        tenRedeploysLeftNoThreadBehind();
    }
}
