package io.flagbridge.internal.runtime;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.ClassConfig;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Enhancement;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagInventory;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.config.ConfigReader;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.health.ConfigCatReadiness;
import io.flagbridge.internal.health.HealthChecks;
import io.flagbridge.internal.health.SegmentReadiness;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.webhook.WebhookEndpoint;
import io.flagbridge.internal.webhook.WebhookRoute;

/**
 * FlagBridge's build compatible extension, for containers that run no portable extension (Quarkus's ArC); Weld-based
 * containers skip it and run {@link FlagBridgeExtension}. It adds the {@link FlagBridgeLifecycle} bean, which owns the
 * application's runtime from CDI's {@code Startup} to its {@code Shutdown}, the readiness checks and the webhook's
 * route, and the beans the runtime serves. What it decides at build time (whether the checks and the route exist)
 * follows the configuration the build sees.
 * <p>
 * What the container calls on FlagBridge's beans (constructors, observer and producer methods) is public in every
 * module: Quarkus may define the classes it generates for them in another class loader than the jar's
 * ({@code QuarkusUnitTest} does), where package-private members cannot be reached.
 */
@SkipIfPortableExtensionPresent(FlagBridgeExtension.class)
public class FlagBridgeBuildExtension implements BuildCompatibleExtension {

    @Discovery
    public void discover(ScannedClasses scan) {
        scan.add(FlagBridgeLifecycle.class.getName());
        if (health()) {
            HealthChecks.addTo(scan);
        }
        if (FlagBridgeExtension.visible(WebhookRoute.ROUTER, RuntimeStart.applicationLoader())) {
            scan.add(WebhookRoute.class.getName());
        }
    }

    /**
     * The checks are in FlagBridge's bean archive, where a container that scans it finds them anyway: only this
     * makes them beans, and only when FlagBridge registered them.
     */
    @Enhancement(types = { ConfigCatReadiness.class, SegmentReadiness.class })
    public void readiness(ClassConfig check) {
        if (health()) {
            HealthChecks.readinessBean(check);
        }
    }

    /** Whether the readiness checks are on: the application sees MicroProfile Health, and they are not turned off. */
    private static boolean health() {
        ClassLoader loader = RuntimeStart.applicationLoader();
        // An invalid value is reported when the application starts.
        return ConfigReader.of(ConfigProvider.getConfig(loader))
                .bool(ConfigKeys.HEALTH_ENABLED, true, Messages::healthEnabledInvalid)
                && FlagBridgeExtension.visible(HealthChecks.API, loader);
    }

    @Synthesis
    public void beans(SyntheticComponents components) {
        // ConfigCatClient is final, so it cannot be proxied: @Singleton.
        service(components, ConfigCatClient.class);
        service(components, SegmentStats.class);
        service(components, FlagInventory.class);
        service(components, Requests.class);
        service(components, ClientState.class);
        service(components, Deployment.class);
        service(components, Counters.class);
        // For the webhook's route, when configcat.webhook.signing-keys is set.
        service(components, WebhookEndpoint.class);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static <T> void service(SyntheticComponents components, Class<T> type) {
        Class<? extends SyntheticBeanCreator<T>> creator = (Class) RuntimeServices.class;
        components.addBean(type).type(type).scope(Singleton.class).withParam(RuntimeServices.TYPE, type)
                .createWith(creator);
    }
}
