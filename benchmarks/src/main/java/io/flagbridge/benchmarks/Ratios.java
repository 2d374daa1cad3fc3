package io.flagbridge.benchmarks;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs P1, P2 and P5 in one JMH run and prints their ratios against the goals. Takes JMH's own command line options
 * (for example {@code -f 1 -wi 3 -w 2s -i 5 -r 2s}); without a benchmark pattern it runs all three.
 *
 * <pre>
 * java -cp target/benchmarks.jar io.flagbridge.benchmarks.Ratios -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
public final class Ratios {

    /** The {@code telemetry} parameter the P1 and P2 results are picked for (null: any). */
    private static final ThreadLocal<String> TELEMETRY = new ThreadLocal<>();

    private Ratios() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions command = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command);
        if (command.getIncludes().isEmpty()) {
            options.include(InterceptorBenchmark.class.getName())
                    .include(ClientBenchmark.class.getName())
                    .include(LatencyBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        System.out.println();
        System.out.println("FlagBridge ratios (same run; 2-core machine, noisy)");
        for (String telemetry : new String[] { "off", "on" }) {
            TELEMETRY.set(telemetry);
            String with = ", telemetry " + telemetry;
            Optional<Result<?>> p1FlagBridge = score(results, "InterceptorBenchmark.p1FlagBridge", null);
            Optional<Result<?>> p1Raw = score(results, "InterceptorBenchmark.p1Raw", null);
            ratio("P1 @FeatureFlag / hand-written interceptor (targeted, dedupe hit" + with + ")", p1FlagBridge,
                    p1Raw, 1.20);
            Optional<Result<?>> p2FlagBridge = score(results, "ClientBenchmark.p2FlagBridgeTargeted", null);
            Optional<Result<?>> p2Raw = score(results, "ClientBenchmark.p2RawTargeted", null);
            ratio("P2 injected getValue / raw getValue (targeted, dedupe hit" + with + ")", p2FlagBridge, p2Raw,
                    1.25);
            Optional<Result<?>> plainFlagBridge = score(results, "ClientBenchmark.p2FlagBridgePlain", null);
            Optional<Result<?>> plainRaw = score(results, "ClientBenchmark.p2RawPlain", null);
            if (plainFlagBridge.isPresent() && plainRaw.isPresent()) {
                double added = plainFlagBridge.get().getScore() - plainRaw.get().getScore();
                System.out.printf(Locale.ROOT, "%-70s %10.1f - %10.1f ns = %8.1f ns added  (goal <= 60 ns: %s)%n",
                        "P2 plain boolean flag: injected - raw" + with, plainFlagBridge.get().getScore(),
                        plainRaw.get().getScore(), added, added <= 60 ? "met" : "MISSED");
            }
        }
        TELEMETRY.set(null);
        Optional<RunResult> down = run(results, "LatencyBenchmark.p5Evaluate", "down");
        Optional<RunResult> healthy = run(results, "LatencyBenchmark.p5Evaluate", "healthy");
        if (down.isPresent() && healthy.isPresent()) {
            for (double p : new double[] { 50, 90, 99, 99.9 }) {
                double d = down.get().getPrimaryResult().getStatistics().getPercentile(p);
                double h = healthy.get().getPrimaryResult().getStatistics().getPercentile(p);
                String goal = p == 99 ? String.format(Locale.ROOT, "  (goal <= 1.50: %s)", d / h <= 1.5 ? "met"
                        : "MISSED") : "";
                System.out.printf(Locale.ROOT, "%-70s %10.1f / %10.1f ns = %6.2f%s%n",
                        "P5 caller p" + p + " latency, Segment down / healthy", d, h, d / h, goal);
            }
        }
    }

    private static void ratio(String what, Optional<Result<?>> measured, Optional<Result<?>> baseline, double goal) {
        if (measured.isEmpty() || baseline.isEmpty()) {
            return;
        }
        double ratio = measured.get().getScore() / baseline.get().getScore();
        System.out.printf(Locale.ROOT, "%-70s %10.1f / %10.1f ns = %6.2f  (goal <= %.2f: %s)%n", what,
                measured.get().getScore(), baseline.get().getScore(), ratio, goal, ratio <= goal ? "met" : "MISSED");
    }

    private static Optional<Result<?>> score(Collection<RunResult> results, String benchmark, String segment) {
        return run(results, benchmark, segment).map(RunResult::getPrimaryResult);
    }

    /** The result of a benchmark: for P5 with that {@code segment}; for P1 and P2 the {@code segment-on} mode. */
    private static Optional<RunResult> run(Collection<RunResult> results, String benchmark, String segment) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .filter(r -> segment == null || segment.equals(r.getParams().getParam("segment")))
                .filter(r -> r.getParams().getParam("mode") == null
                        || r.getParams().getParam("mode").equals("segment-on"))
                .filter(r -> TELEMETRY.get() == null || r.getParams().getParam("telemetry") == null
                        || TELEMETRY.get().equals(r.getParams().getParam("telemetry")))
                .findFirst();
    }
}
