package io.flagbridge.internal.inventory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.flagbridge.FlagInventory;
import io.flagbridge.FlagUsage;
import io.flagbridge.internal.client.FlagUse;
import io.flagbridge.internal.client.StaticFlags;
import io.flagbridge.internal.events.EventQueue;

/**
 * The application's {@link FlagInventory}: the config's keys (as {@link StaticFlags} serves them), the keys the code
 * declares and {@link FlagCounts}' counts. When a key was last evaluated is noted by sampling, never per evaluation:
 * FlagBridge's event thread samples once a minute ({@link #tick}), and so does each read; a key whose count grew since
 * the sample before was last evaluated at most that long before this one.
 */
public final class Inventory implements FlagInventory, EventQueue.Ticker {

    /** How often the event thread samples the counts. */
    static final long SAMPLE_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final FlagCounts counts;
    private final StaticFlags served;
    private final Clock clock;
    private final Instant since;
    private volatile Map<String, List<String>> declared = Map.of();
    /** Per key: the evaluations at the last sample, and when the count was last seen to grow. Guarded by this. */
    private final Map<String, Seen> seen = new HashMap<>();

    private static final class Seen {
        long evaluations;
        Instant grew;
    }

    public Inventory(FlagCounts counts, StaticFlags served, Clock clock) {
        this.counts = counts;
        this.served = served;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** The keys the application's code names, found at deployment (where it names them). */
    public void declared(Collection<FlagUse> uses) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (FlagUse use : uses) {
            List<String> where = byKey.computeIfAbsent(use.key(), key -> new ArrayList<>());
            if (!where.contains(use.where())) {
                where.add(use.where());
            }
        }
        byKey.replaceAll((key, where) -> List.copyOf(where));
        this.declared = Map.copyOf(byKey);
    }

    /** The counts this inventory reads (OpenTelemetry's {@code flagbridge.evaluations} reads them too). */
    public FlagCounts counts() {
        return counts;
    }

    @Override
    public Instant since() {
        return since;
    }

    @Override
    public List<FlagUsage> flags() {
        Map<String, Long> evaluated = sample(clock.instant());
        Set<String> inConfig = served.keys();
        Map<String, List<String>> declaredNow = declared;
        TreeMap<String, FlagUsage> flags = new TreeMap<>();
        List<String> keys = new ArrayList<>(inConfig);
        keys.addAll(declaredNow.keySet());
        keys.addAll(evaluated.keySet());
        synchronized (this) {
            for (String key : keys) {
                Seen last = seen.get(key);
                flags.computeIfAbsent(key, k -> new FlagUsage(k, inConfig.contains(k), declaredNow.getOrDefault(k,
                        List.of()), evaluated.getOrDefault(k, 0L), last == null ? null : last.grew));
            }
        }
        return List.copyOf(flags.values());
    }

    /** How many keys are in each state (the gauge {@code flagbridge.flags}). */
    public Map<FlagUsage.State, Long> states() {
        Map<FlagUsage.State, Long> states = new EnumMap<>(FlagUsage.State.class);
        for (FlagUsage.State state : FlagUsage.State.values()) {
            states.put(state, 0L);
        }
        flags().forEach(flag -> states.merge(flag.state(), 1L, Long::sum));
        return states;
    }

    /** The event thread's sample, once a minute. */
    @Override
    public long tick(long nowMillis) {
        sample(Instant.ofEpochMilli(nowMillis));
        return nowMillis + SAMPLE_MILLIS;
    }

    /** Every key's evaluations now; notes the keys whose count grew since the last sample as evaluated by now. */
    synchronized Map<String, Long> sample(Instant now) {
        Map<String, Long> evaluations = new HashMap<>();
        for (FlagCounts.Series series : counts.series()) {
            long sum = 0;
            for (long count : series.byReason()) {
                sum += count;
            }
            evaluations.merge(series.variation().key(), sum, Long::sum);
        }
        evaluations.forEach((key, count) -> {
            Seen last = seen.computeIfAbsent(key, k -> new Seen());
            if (count > last.evaluations) {
                last.evaluations = count;
                last.grew = now;
            }
        });
        return evaluations;
    }
}
