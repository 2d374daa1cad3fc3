package io.flagbridge.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import io.flagbridge.it.support.OnServer;
import io.flagbridge.it.support.TestApps;

/** {@link SegmentScenarios} on the managed WildFly or Open Liberty that {@code arquillian.launch} names. */
public class SegmentOnServerIT extends OnServer implements SegmentScenarios {

    @Deployment(name = TestApps.SEGMENT, managed = false)
    public static WebArchive segment() {
        return TestApps.archive(TestApps.SEGMENT);
    }
}
