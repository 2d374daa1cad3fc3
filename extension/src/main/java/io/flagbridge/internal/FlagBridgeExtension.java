package io.flagbridge.internal;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCatClient;

import io.flagbridge.internal.client.ClientOpenException;
import io.flagbridge.internal.client.ManagedClient;
import io.flagbridge.internal.config.ClientSettings;
import io.flagbridge.internal.config.ClientSettingsReader;
import io.flagbridge.internal.config.ConfigReader;

/**
 * FlagBridge's portable extension: makes {@code @Inject ConfigCatClient} work in any application that has the jar,
 * validates the configuration at deployment and owns the client from application start to stop.
 */
public class FlagBridgeExtension implements Extension {

    private volatile ManagedClient managedClient;

    void addClientBean(@Observes AfterBeanDiscovery abd) {
        // ConfigCatClient is final, so it cannot be proxied: @Singleton, created by the observer below.
        abd.addBean()
                .beanClass(FlagBridgeExtension.class)
                .types(ConfigCatClient.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                .scope(Singleton.class)
                .createWith(context -> client());
    }

    void startClient(@Observes AfterDeploymentValidation adv) {
        ClassLoader applicationLoader = applicationLoader();
        ConfigReader reader = ConfigReader.of(ConfigProvider.getConfig(applicationLoader));
        Optional<ClientSettings> settings = ClientSettingsReader.read(reader, applicationLoader);
        List<String> problems = reader.problems();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> adv.addDeploymentProblem(new DeploymentException(problem)));
            return;
        }
        try {
            managedClient = ManagedClient.open(settings.orElseThrow());
        } catch (ClientOpenException e) {
            adv.addDeploymentProblem(new DeploymentException(e.getMessage()));
        }
    }

    void stopClient(@Observes BeforeShutdown shutdown) {
        ManagedClient client = managedClient;
        managedClient = null;
        if (client != null) {
            client.close();
        }
    }

    /** The running client; for FlagBridge's own beans and tests. */
    public ManagedClient managedClient() {
        ManagedClient client = managedClient;
        if (client == null) {
            throw new IllegalStateException("FLAGBRIDGE-0023: the ConfigCatClient exists from the end of "
                    + "deployment validation until shutdown; it was requested outside that time");
        }
        return client;
    }

    private ConfigCatClient client() {
        return managedClient().client();
    }

    private static ClassLoader applicationLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FlagBridgeExtension.class.getClassLoader();
    }
}
