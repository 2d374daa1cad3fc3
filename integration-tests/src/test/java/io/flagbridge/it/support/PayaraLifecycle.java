package io.flagbridge.it.support;

import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Starts {@link PayaraDomain} before Arquillian's remote adapter connects to it, and stops it when Arquillian stops
 * the container. Registered in every execution, active only in the {@code payara} one.
 */
public final class PayaraLifecycle implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if ("payara".equals(System.getProperty("arquillian.launch"))) {
            builder.observer(Observer.class);
        }
    }

    /** Arquillian's observer of the container's start and stop. */
    public static final class Observer {

        public void start(@Observes BeforeStart event) {
            PayaraDomain.start();
        }

        public void stop(@Observes AfterStop event) {
            PayaraDomain.stop();
        }
    }
}
