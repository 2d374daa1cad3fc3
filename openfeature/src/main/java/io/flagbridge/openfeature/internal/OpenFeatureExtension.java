package io.flagbridge.openfeature.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import io.flagbridge.internal.runtime.FlagBridgeRuntime;
import io.flagbridge.internal.runtime.ProcessedBeans;
import io.flagbridge.internal.users.CurrentUser;

/**
 * Gives each application its own OpenFeature API ({@link IsolatedApi}) as the {@code OpenFeatureAPI} and
 * {@code Client} beans. Built right after FlagBridge starts; shut down before FlagBridge stops, so that the provider
 * never sees a closed client. Containers without portable extensions (Quarkus) run
 * {@link OpenFeatureBuildExtension} instead.
 */
public class OpenFeatureExtension implements Extension {

    /** The name of the application's client in OpenFeature's metadata. */
    public static final String CLIENT_DOMAIN = "flagbridge";

    /** FlagBridge's runtime and user beans, which this jar's bean archive need not see (Payara Server). */
    private final ProcessedBeans flagBridge = ProcessedBeans.of(FlagBridgeRuntime.class, CurrentUser.class);
    private volatile OpenFeatureAPI api;
    private volatile Client client;

    void noteFlagBridgeBeans(@Observes ProcessBean<?> event) {
        flagBridge.offer(event.getBean());
    }

    void addBeans(@Observes AfterBeanDiscovery abd) {
        abd.addBean().beanClass(OpenFeatureExtension.class).types(OpenFeatureAPI.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> started(api));
        abd.addBean().beanClass(OpenFeatureExtension.class).types(Client.class, Object.class)
                .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE).scope(Singleton.class)
                .createWith(context -> started(client));
    }

    private static <T> T started(T service) {
        if (service == null) {
            throw new IllegalStateException(OpenFeatureMessages.notStarted());
        }
        return service;
    }

    /** After FlagBridge's own start (an observer of the default priority, APPLICATION + 500). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) AfterDeploymentValidation adv,
            BeanManager beanManager) {
        FlagBridgeRuntime runtime;
        try {
            runtime = flagBridge.get(FlagBridgeRuntime.class, beanManager);
            runtime.client(); // FlagBridge did start (else its deployment problem says why)
        } catch (RuntimeException e) {
            return;
        }
        OpenFeatureAPI isolated = IsolatedApi.start(runtime, flagBridge.reference(CurrentUser.class, beanManager)
                .orElse(null));
        api = isolated;
        client = isolated.getClient(CLIENT_DOMAIN);
    }

    /** Before FlagBridge stops (its observer has the default priority): the provider's events end first. */
    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION + 400) BeforeShutdown shutdown) {
        OpenFeatureAPI current = api;
        if (current != null) {
            api = null;
            IsolatedApi.stop(current);
        }
    }
}
