package io.flagbridge.openfeature;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import com.configcat.User;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.InvalidContextError;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import io.flagbridge.internal.Messages;
import io.flagbridge.internal.client.ClientState;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.request.Requests;
import io.flagbridge.internal.runtime.FlagBridgeRuntime;
import io.flagbridge.internal.segment.SegmentDispatcher;
import io.flagbridge.internal.users.CurrentUser;
import io.flagbridge.internal.util.AppLog;
import io.flagbridge.openfeature.internal.ContextUsers;
import io.flagbridge.openfeature.internal.FirstConfig;
import io.flagbridge.openfeature.internal.JsonValues;
import io.flagbridge.openfeature.internal.OpenFeatureMessages;
import io.flagbridge.openfeature.internal.ProviderAccess;
import io.flagbridge.openfeature.internal.Results;

/**
 * FlagBridge's OpenFeature provider: evaluates through the application's own {@code ConfigCatClient} (the one
 * {@code @Inject ConfigCatClient} gives, with FlagBridge's hooks, so an evaluation here fires the same
 * {@code FlagEvaluated} events and Segment exposures as {@code @FeatureFlag}). It never creates or closes a ConfigCat
 * client: FlagBridge owns it.
 * <ul>
 * <li>Context: the targeting key is the user's identifier; {@code email} and {@code country} are ConfigCat's; any
 * other attribute is a custom one with its type kept (text, numbers, lists of texts, Instants as dates; booleans as
 * text). A structure, or a list of anything but texts, is an {@code INVALID_CONTEXT} error. Attributes without a
 * targeting key are a user with an empty identifier; without any context the user is {@code @FeatureFlag}'s
 * ({@code FlagUserResolver}, else the caller's principal).</li>
 * <li>Details: the variant is the variation ID; the reason {@code TARGETING_MATCH}, {@code SPLIT}, {@code STATIC}
 * (the flag has no targeting rules and no percentage options), {@code DEFAULT} (it has some, none decided) or
 * {@code ERROR} with {@code FLAG_NOT_FOUND}, {@code TYPE_MISMATCH}, {@code PROVIDER_NOT_READY} (no config data yet),
 * {@code PROVIDER_FATAL} (the SDK key is refused) or {@code GENERAL}. No evaluation throws.</li>
 * <li>States and events: {@code NOT_READY} while the first fetch is on its way, {@code READY} (event
 * {@code PROVIDER_READY}) once config data is there, {@code STALE} (with data) or {@code ERROR} (without) when
 * fetching fails, {@code FATAL} when the CDN refuses the SDK key and there is no data,
 * {@code PROVIDER_CONFIGURATION_CHANGED} with the keys that changed.</li>
 * <li>{@code track(name, context, details)}: Segment {@code track(name)} for the context's user.</li>
 * </ul>
 * Applications do not create it: {@code @Inject dev.openfeature.sdk.Client} gives a client of the application's own
 * OpenFeature API, whose provider this is.
 */
public final class FlagBridgeProvider extends EventProvider {

    /** The provider's name in OpenFeature's metadata. */
    public static final String NAME = "FlagBridge";

    private static final AppLog LOG = AppLog.of(FlagBridgeProvider.class);
    private static final Metadata METADATA = () -> NAME;

    private final Requests requests;
    private final ClientState state;
    private final ContextUsers users;
    private final CurrentUser current;
    private final SegmentDispatcher segment;
    private final StaticFlags staticFlags;
    private final String maskedSdkKey;
    private final FlagBridgeRuntime runtime;
    /** Completed once the first config is settled (data, or a failure), or at shutdown. */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private volatile boolean initialized;
    private volatile boolean closed;
    private volatile boolean degraded;
    private ClientState.Snapshot seen;

    static {
        ProviderAccess.constructor(FlagBridgeProvider::new);
    }

    /**
     * Built by FlagBridge for each application (applications inject {@code Client} instead).
     *
     * @param runtime the application's FlagBridge runtime, started
     * @param current the application's current user ({@code @FeatureFlag}'s sources), or null
     */
    private FlagBridgeProvider(FlagBridgeRuntime runtime, CurrentUser current) {
        this.runtime = runtime;
        runtime.client(); // started
        this.requests = runtime.requests();
        this.state = runtime.state();
        this.current = current;
        this.users = new ContextUsers(current);
        this.segment = runtime.segment().orElse(null);
        this.staticFlags = runtime.staticFlags();
        this.maskedSdkKey = String.valueOf(runtime.settings().client().sdkKey());
        this.seen = state.snapshot();
        state.onChange(this::stateChanged);
        runtime.onChangedKeys(this::keysChanged);
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /**
     * None: an empty, immutable list (the SDK's client asks on every evaluation, and only reads it; the interface's
     * default makes a new {@code ArrayList} each time).
     */
    @Override
    public List<Hook> getProviderHooks() {
        return List.of();
    }

    /**
     * Waits for the client's first config to be settled: ConfigCat's own wait ({@code configcat.max-init-wait} in auto
     * polling), and in auto polling on until the first fetch has answered (the provider is {@code NOT_READY}
     * meanwhile: FlagBridge then sets it without waiting for this method).
     *
     * @throws FatalError when the CDN refused the SDK key: OpenFeature's state is FATAL
     * @throws ProviderNotReadyError when the client has no config data (a fetch failed, or nothing fetches): the state
     *         is ERROR, and PROVIDER_READY follows when a config arrives
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) throws Exception {
        if (!FirstConfig.awaitReady(runtime)) {
            settled.get();
        }
        synchronized (this) {
            initialized = true;
            ClientState.Snapshot now = state.snapshot();
            if (closed) {
                return;
            }
            if (refused(now)) {
                degraded = true;
                throw new FatalError(Messages.sdkKeyRefused(maskedSdkKey));
            }
            if (!now.hasData()) {
                // A config arriving now emits PROVIDER_READY after this (stateChanged waits for this lock).
                degraded = true;
                throw new ProviderNotReadyError(OpenFeatureMessages.noConfigData());
            }
        }
    }

    /** Stops sending events. The ConfigCat client is FlagBridge's: it stays open until the application stops. */
    @Override
    public void shutdown() {
        closed = true;
        settled.complete(null);
        super.shutdown();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue,
            EvaluationContext ctx) {
        return evaluate(Boolean.class, key, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(String.class, key, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue,
            EvaluationContext ctx) {
        return evaluate(Integer.class, key, defaultValue, ctx);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(Double.class, key, defaultValue, ctx);
    }

    /** A text flag whose value is a JSON object or list; anything else is a {@code TYPE_MISMATCH}. */
    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        ProviderEvaluation<String> text = evaluate(String.class, key, "", ctx);
        if (text.getErrorCode() != null) {
            return Results.error(defaultValue, text.getErrorCode(), text.getErrorMessage());
        }
        try {
            JsonElement json = JsonParser.parseString(text.getValue());
            if (!json.isJsonObject() && !json.isJsonArray()) {
                return Results.error(defaultValue, ErrorCode.TYPE_MISMATCH, OpenFeatureMessages.notAStructure(key));
            }
            ProviderEvaluation<Value> result = new ProviderEvaluation<>();
            result.setValue(JsonValues.of(json));
            result.setVariant(text.getVariant());
            result.setReason(text.getReason());
            return result;
        } catch (RuntimeException e) {
            return Results.error(defaultValue, ErrorCode.TYPE_MISMATCH, OpenFeatureMessages.notAStructure(key));
        }
    }

    /** A refused SDK key and no config data: nothing will change that but a config ({@code FATAL}). */
    private static boolean refused(ClientState.Snapshot snapshot) {
        return snapshot.keyRefused() && !snapshot.hasData();
    }

    private <T> ProviderEvaluation<T> evaluate(Class<T> type, String key, T defaultValue, EvaluationContext ctx) {
        if (refused(state.snapshot())) {
            return Results.error(defaultValue, ErrorCode.PROVIDER_FATAL, Messages.sdkKeyRefused(maskedSdkKey));
        }
        try {
            User user = users.user(ctx);
            return Results.of(requests.details(type, key, user, defaultValue), defaultValue, staticFlags);
        } catch (InvalidContextError e) {
            return Results.error(defaultValue, ErrorCode.INVALID_CONTEXT, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "OpenFeature evaluation failure", e);
            return Results.error(defaultValue, ErrorCode.GENERAL, OpenFeatureMessages.evaluationFailed(key, e));
        }
    }

    /**
     * Segment {@code track(eventName)} for the context's user ({@code userId} the targeting key, hashed with
     * {@code segment.hash-user-id}; without one, {@code @FeatureFlag}'s user, else {@code segment.anonymous-id}), with
     * the properties {@code value} (when the details have one) and the details' attributes. Nothing without
     * {@code segment.write-key}. Never throws.
     */
    @Override
    public void track(String eventName, EvaluationContext context, TrackingEventDetails details) {
        if (segment == null || eventName == null) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            String identifier = context == null ? null : context.getTargetingKey();
            if (identifier == null || identifier.isEmpty()) {
                User user = current == null ? null : current.get();
                identifier = user == null ? null : user.getIdentifier();
            }
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            if (details != null) {
                details.getValue().ifPresent(value -> properties.put("value", value));
                for (String name : details.keySet()) {
                    Object property = ContextUsers.property(details.getValue(name));
                    if (property != null) {
                        properties.putIfAbsent(name, property);
                    }
                }
            }
            segment.track(eventName, identifier, properties, now);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "OpenFeature track failure", e);
        }
    }

    private synchronized void stateChanged(ClientState.Snapshot next) {
        ClientState.Snapshot before = seen;
        seen = next;
        if (FirstConfig.settled(next, true)) {
            settled.complete(null);
        }
        if (closed || !initialized) {
            return;
        }
        boolean newError = next.lastError().isPresent() && (!Objects.equals(before.lastErrorAt(), next.lastErrorAt())
                || !Objects.equals(before.lastError(), next.lastError()));
        if (newError && Results.isFetchFailure(next.lastError().get())) {
            degraded = true;
            if (refused(next)) {
                emitProviderError(ProviderEventDetails.builder().message(Messages.sdkKeyRefused(maskedSdkKey))
                        .errorCode(ErrorCode.PROVIDER_FATAL).build());
                return;
            }
            String message = OpenFeatureMessages.fetchFailed(next.lastError().get());
            if (next.hasData()) {
                emitProviderStale(ProviderEventDetails.builder().message(message).build());
            } else {
                emitProviderError(ProviderEventDetails.builder().message(message).errorCode(ErrorCode.GENERAL)
                        .build());
            }
            return;
        }
        boolean newConfig = next.hasData() && !Objects.equals(before.lastConfig(), next.lastConfig());
        if (degraded && (newConfig || (!before.hasData() && next.hasData()))) {
            degraded = false;
            emitProviderReady(ProviderEventDetails.builder().build());
        }
    }

    private void keysChanged(List<String> keys) {
        if (closed || !initialized) {
            return;
        }
        emitProviderConfigurationChanged(ProviderEventDetails.builder().flagsChanged(keys).build());
    }
}
