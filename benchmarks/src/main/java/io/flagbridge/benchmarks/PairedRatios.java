package io.flagbridge.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * P1 and P2 measured in pairs, for a noisy machine: each round runs FlagBridge's benchmark and its baseline one after
 * the other, each in a fresh fork (in alternating order from round to round), and takes the ratio (for the plain
 * flag: the difference) of that round. It prints every round and the median over the rounds, with the lowest and
 * highest and a 90 % bootstrap interval of the median (how far another run of as many rounds could put it: on the
 * machine of benchmarks/RESULTS.md about +-0.04 for 30 rounds of the targeted pair). On a 2-core virtual machine the
 * score of one fork drifts by tens of percent from the next (other load, the JIT's choices), which swamps a JMH run that
 * measures all forks of one benchmark and then all of the other;
 * a pair taken side by side sees the same machine, and the median of the pairs ignores the odd round.
 * <p>
 * Takes JMH's options for each fork (for example {@code -wi 2 -w 1s -i 3 -r 1s}) and {@code -Drounds=N} (default 7):
 *
 * <pre>
 * java -Drounds=7 -cp target/benchmarks.jar io.flagbridge.benchmarks.PairedRatios -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 *
 * {@code -Dforks=N} (default 1) runs each side of a round in N forks, whose mean is that side's score: a fork's score
 * differs from the next by more than a round's pair does, so more forks a side narrow each round.
 * {@code -Dtelemetry=on} (or {@code off}) measures only that setting; {@code -Dpairs=plain,targeted,p1} chooses the
 * pairs (the default); {@code p8}, one value per request, and {@code cache}, P9, an evaluation with a shared config
 * cache against one without ({@link SharedCacheBenchmark}), only when named.
 */
public final class PairedRatios {

    /** A measurement and its baseline, with its goal (P2's: issue 31's, 30 ns and 1.10; P1's: issue 14's). */
    private record Pair(String name, String what, Class<?> benchmark, String measured, String baseline,
            boolean difference, double goal) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("plain", "P2 plain boolean flag: injected - raw (ns)", ClientBenchmark.class,
                    "p2FlagBridgePlain", "p2RawPlain", true, 30),
            new Pair("targeted", "P2 injected / raw getValue (targeted, dedupe hit)", ClientBenchmark.class,
                    "p2FlagBridgeTargeted", "p2RawTargeted", false, 1.10),
            new Pair("p1", "P1 @FeatureFlag / hand-written interceptor (targeted)", InterceptorBenchmark.class,
                    "p1FlagBridge", "p1Raw", false, 1.20),
            new Pair("cache", "P9 shared cache of 2,000 flags / none (plain flag)", SharedCacheBenchmark.class,
                    "p8SharedCache", "p8NoSharedCache", false, 1.5),
            new Pair("p8", "P8 a repeated RequestFlags evaluation in a request / raw getValue (targeted)",
                    RequestBenchmark.class, "p8RequestFlags", "p8Raw", false, 1.0));

    private PairedRatios() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions command = new CommandLineOptions(args);
        int rounds = Integer.getInteger("rounds", 7);
        int forks = Integer.getInteger("forks", 1);
        List<String> telemetries = System.getProperty("telemetry") == null ? List.of("off", "on")
                : List.of(System.getProperty("telemetry"));
        List<String> chosen = Arrays.asList(System.getProperty("pairs", "plain,targeted,p1").split(","));
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Pair pair : PAIRS) {
                if (!chosen.contains(pair.name())) {
                    continue;
                }
                for (String telemetry : telemetries) {
                    boolean baselineFirst = round % 2 == 1;
                    double first = score(command, pair.benchmark(), baselineFirst ? pair.baseline() : pair.measured(),
                            telemetry, forks);
                    double second = score(command, pair.benchmark(), baselineFirst ? pair.measured() : pair.baseline(),
                            telemetry, forks);
                    double measured = baselineFirst ? second : first;
                    double baseline = baselineFirst ? first : second;
                    String row = pair.what() + ", telemetry " + telemetry;
                    rows.computeIfAbsent(row, r -> new ArrayList<>()).add(new double[] { measured, baseline });
                    System.out.printf(Locale.ROOT, "# round %d: %s: %.1f vs %.1f ns%n", round + 1, row, measured,
                            baseline);
                }
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "FlagBridge paired ratios: %d rounds, %d fork(s) per side per round%n", rounds,
                forks);
        for (Pair pair : PAIRS) {
            for (String telemetry : telemetries) {
                String row = pair.what() + ", telemetry " + telemetry;
                List<double[]> pairs = rows.get(row);
                if (pairs == null) {
                    continue;
                }
                double[] values = pairs.stream()
                        .mapToDouble(p -> pair.difference() ? p[0] - p[1] : p[0] / p[1]).sorted().toArray();
                double median = median(values);
                double[] interval = interval(values);
                String format = pair.difference() ? "%8.1f" : "%8.3f";
                StringBuilder each = new StringBuilder();
                for (double[] p : pairs) {
                    each.append(String.format(Locale.ROOT, format.trim() + " ", pair.difference() ? p[0] - p[1]
                            : p[0] / p[1]));
                }
                String bare = pair.difference() ? "%.1f" : "%.3f";
                String interval90 = String.format(Locale.ROOT, bare + " to " + bare, interval[0], interval[1]);
                System.out.printf(Locale.ROOT, "%-72s median " + format + " (90 %% interval %s; lowest " + format
                        + ", highest " + format + "; goal <= %s: %s)%n    rounds: %s%n", row, median, interval90,
                        values[0], values[values.length - 1], pair.difference() ? String.format(Locale.ROOT,
                                "%.0f ns", pair.goal()) : String.format(Locale.ROOT, "%.2f", pair.goal()),
                        verdict(median, interval, pair.goal()), each.toString().trim());
            }
        }
    }

    private static double score(CommandLineOptions command, Class<?> benchmark, String method, String telemetry,
            int forks) throws RunnerException {
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command);
        options.include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$");
        options.param("telemetry", telemetry);
        options.param("mode", "segment-on");
        options.forks(forks);
        RunResult result = new Runner(options.build()).runSingle();
        return result.getPrimaryResult().getScore();
    }

    /** The median's verdict, and whether the rounds can tell: an interval that spans the goal cannot. */
    private static String verdict(double median, double[] interval, double goal) {
        if (interval[1] <= goal) {
            return "met";
        }
        if (interval[0] > goal) {
            return "MISSED";
        }
        return (median <= goal ? "met" : "MISSED") + " by the median, but the interval spans the goal";
    }

    /**
     * A 90 % percentile-bootstrap interval of the median of {@code sorted}: the medians of 10,000 resamples (drawn
     * with a fixed seed, so the same rounds print the same interval), their 5th and 95th percentiles.
     */
    static double[] interval(double[] sorted) {
        int resamples = 10_000;
        SplittableRandom random = new SplittableRandom(31);
        double[] medians = new double[resamples];
        double[] resample = new double[sorted.length];
        for (int i = 0; i < resamples; i++) {
            for (int j = 0; j < resample.length; j++) {
                resample[j] = sorted[random.nextInt(sorted.length)];
            }
            Arrays.sort(resample);
            medians[i] = median(resample);
        }
        Arrays.sort(medians);
        return new double[] { medians[resamples * 5 / 100], medians[resamples * 95 / 100 - 1] };
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
