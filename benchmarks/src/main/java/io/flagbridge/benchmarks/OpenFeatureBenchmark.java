package io.flagbridge.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import com.configcat.ConfigCatClient;
import com.configcat.User;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;

/**
 * P7 (OpenFeature): a boolean evaluation of the plain flag through {@code @Inject dev.openfeature.sdk.Client} (the
 * OpenFeature SDK's client, FlagBridge's provider, the same managed ConfigCat client underneath) against the same
 * evaluation through {@code @Inject ConfigCatClient}, same user (identifier, email, country), Segment on, so every
 * evaluation after the first is a dedupe hit on both paths. Two references: the provider alone (without the SDK's
 * client) and OpenFeature's own in-memory provider through the SDK's client (the SDK's cost without ConfigCat). A
 * diagnostic, {@code p7FixedPlain}: the SDK's client over a provider that returns one result made in advance (the SDK's
 * cost alone), so that a run shows P7's floor for a provider that evaluates through ConfigCat's client with
 * FlagBridge's hooks: ({@code p7FixedPlain} + {@code p7InjectedPlain}) / {@code p7InMemoryPlain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true" })
public class OpenFeatureBenchmark {

    private BenchApp app;
    private ConfigCatClient injected;
    private Client openFeature;
    private FeatureProvider provider;
    private OpenFeatureAPI inMemoryApi;
    private Client inMemory;
    private OpenFeatureAPI fixedApi;
    private Client fixed;
    private User user;
    private EvaluationContext context;

    @Setup(Level.Trial)
    public void start() {
        app = BenchApp.start(true, Map.of());
        injected = app.client();
        openFeature = app.select(Client.class);
        provider = app.select(OpenFeatureAPI.class).getProvider();
        user = BenchApp.distinctUser("p7-", 1);
        context = new ImmutableContext(user.getIdentifier(), Map.of("email", new Value("p7-1@customer.example"),
                "country", new Value("NL")));
        inMemoryApi = OpenFeatureAPI.createIsolated();
        inMemoryApi.setProviderAndWait(new InMemoryProvider(Map.of(BenchApp.PLAIN, Flag.builder()
                .variant("v-plain", true).defaultVariant("v-plain").build())));
        inMemory = inMemoryApi.getClient();
        fixedApi = OpenFeatureAPI.createIsolated();
        fixedApi.setProviderAndWait(new FixedProvider());
        fixed = fixedApi.getClient();
        if (!inMemory.getBooleanValue(BenchApp.PLAIN, false, context)
                || !fixed.getBooleanValue(BenchApp.PLAIN, false, context)) {
            throw new IllegalStateException("the in-memory and fixed providers must serve true");
        }
        if (!injected.getValue(Boolean.class, BenchApp.PLAIN, user, false)
                || !openFeature.getBooleanValue(BenchApp.PLAIN, false, context)) {
            throw new IllegalStateException("both paths must serve true");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("FlagBridge " + app.stats());
        inMemoryApi.shutdown();
        fixedApi.shutdown();
        app.close();
    }

    @Benchmark
    public boolean p7OpenFeaturePlain() {
        return openFeature.getBooleanValue(BenchApp.PLAIN, false, context);
    }

    /** A diagnostic: FlagBridge's provider called directly, without the OpenFeature SDK's client around it. */
    @Benchmark
    public boolean p7ProviderPlain() {
        return provider.getBooleanEvaluation(BenchApp.PLAIN, false, context).getValue();
    }

    /** A reference: the same evaluation through OpenFeature's own in-memory provider (the SDK's cost alone). */
    @Benchmark
    public boolean p7InMemoryPlain() {
        return inMemory.getBooleanValue(BenchApp.PLAIN, false, context);
    }

    @Benchmark
    public boolean p7InjectedPlain() {
        return injected.getValue(Boolean.class, BenchApp.PLAIN, user, false);
    }

    /** A diagnostic: the SDK's client over a provider that does nothing but return one result (the SDK's cost). */
    @Benchmark
    public boolean p7FixedPlain() {
        return fixed.getBooleanValue(BenchApp.PLAIN, false, context);
    }

    /** Serves one boolean result made in advance, whatever the key and context: no look-up, no allocation. */
    static final class FixedProvider implements FeatureProvider {

        private static final ProviderEvaluation<Boolean> TRUE = ProviderEvaluation.<Boolean> builder().value(true)
                .variant("v-plain").reason(Reason.STATIC.name()).build();

        @Override
        public Metadata getMetadata() {
            return () -> "fixed";
        }

        @Override
        public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue,
                EvaluationContext ctx) {
            return TRUE;
        }

        @Override
        public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
            throw new UnsupportedOperationException("booleans only");
        }

        @Override
        public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue,
                EvaluationContext ctx) {
            throw new UnsupportedOperationException("booleans only");
        }

        @Override
        public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
            throw new UnsupportedOperationException("booleans only");
        }

        @Override
        public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
            throw new UnsupportedOperationException("booleans only");
        }
    }
}
