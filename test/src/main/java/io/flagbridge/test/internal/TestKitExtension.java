package io.flagbridge.test.internal;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;

import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.TestFlags;

/**
 * The test kit as a CDI extension (so each container has its own instance, overrides and recording): the container's
 * bean of this extension is the {@link Kit} FlagBridge finds, and it registers the {@link TestFlags} and
 * {@link RecordedSegment} beans.
 */
public class TestKitExtension extends Kit implements Extension {

    void addBeans(@Observes AfterBeanDiscovery abd) {
        abd.addBean().beanClass(TestKitExtension.class).types(TestFlags.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> flags());
        abd.addBean().beanClass(TestKitExtension.class).types(RecordedSegment.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> segment());
    }
}
