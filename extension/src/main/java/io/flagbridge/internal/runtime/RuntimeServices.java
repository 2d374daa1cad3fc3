package io.flagbridge.internal.runtime;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;

import com.configcat.ConfigCatClient;

import io.flagbridge.FlagInventory;
import io.flagbridge.SegmentStats;
import io.flagbridge.internal.ConfigKeys;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.config.Deployment;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.util.Counters;
import io.flagbridge.internal.webhook.WebhookEndpoint;

/**
 * Creates the beans of {@link FlagBridgeBuildExtension} from the application's {@link FlagBridgeLifecycle}: each is a
 * service of its runtime, named by the bean's type (the one parameter that crosses from build to run time).
 */
public final class RuntimeServices implements SyntheticBeanCreator<Object> {

    static final String TYPE = "type";

    private static final Map<Class<?>, Function<FlagBridgeRuntime, Object>> SERVICES = Map.of(
            ConfigCatClient.class, FlagBridgeRuntime::client,
            SegmentStats.class, FlagBridgeRuntime::counters,
            FlagInventory.class, FlagBridgeRuntime::inventory,
            Requests.class, FlagBridgeRuntime::requests,
            ClientState.class, FlagBridgeRuntime::state,
            Deployment.class, FlagBridgeRuntime::deployment,
            Counters.class, FlagBridgeRuntime::counters,
            WebhookEndpoint.class, runtime -> runtime.webhook().orElseThrow(() -> new IllegalStateException(
                    Messages.serviceOff("The webhook endpoint", ConfigKeys.WEBHOOK_SIGNING_KEYS))));

    @Override
    public Object create(Instance<Object> lookup, Parameters params) {
        Class<?> type = params.get(TYPE, Class.class);
        return SERVICES.get(type).apply(lookup.select(FlagBridgeLifecycle.class).get().runtime());
    }
}
