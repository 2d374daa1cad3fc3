package io.flagbridge.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;

/**
 * The experiment's outcome, from the Segment messages the demo's sink got, as an analytics destination computes it:
 * each shopper is counted in the variation of {@code newCheckout} of their first "Feature Flag Evaluated", and
 * converted when a "Checkout Completed" of theirs is at or after that exposure. Per variation: exposures,
 * conversions, the conversion rate and its 95% Wilson score interval; and a plain sentence comparing the two arms of
 * the 50/50 split.
 */
public final class Experiment {

    static final String FLAG = "newCheckout";
    static final String EXPOSURE = "Feature Flag Evaluated";
    /** The split's two variations (demo-flags.json), with the names the sentence gives them. */
    static final Map<String, String> ARMS = arms();
    /** z of a two-sided 95% interval. */
    static final double Z = 1.959963984540054;
    /** The most shoppers remembered (the demo keeps memory bounded; a real destination keeps them all). */
    static final int MAX_SHOPPERS = 200_000;

    /** One shopper: the variation of their first exposure, and their latest conversion. */
    private static final class Shopper {
        String variation;
        Instant exposed;
        Instant converted;
    }

    /**
     * One variation's result.
     *
     * @param low the 95% interval's lower end, as a rate (0 to 1)
     * @param high its upper end
     */
    public record Variation(String variation, long exposures, long conversions, double rate, double low,
            double high) {
    }

    /** The outcome: each variation of {@code newCheckout} that has exposures, the arms first, and the sentence. */
    public record Outcome(String flag, List<Variation> variations, String sentence) {
    }

    private final Map<String, Shopper> shoppers = new HashMap<>();

    private static Map<String, String> arms() {
        Map<String, String> arms = new LinkedHashMap<>();
        arms.put("v-new-checkout", "new checkout");
        arms.put("v-classic-checkout", "classic checkout");
        return arms;
    }

    /** Takes one message of a batch (any message: only the experiment's exposures and conversions count). */
    public synchronized void record(JsonObject message) {
        if (!"track".equals(text(message, "type")) || !message.has("userId")) {
            return;
        }
        String event = text(message, "event");
        Instant at = timestamp(message);
        if (EXPOSURE.equals(event)) {
            JsonObject properties = message.getAsJsonObject("properties");
            if (properties == null || !FLAG.equals(text(properties, "feature_flag_key"))
                    || !properties.has("variation_id")) {
                return;
            }
            Shopper shopper = shopper(text(message, "userId"));
            // The first exposure decides (batches of different users arrive in any order: the earliest by time).
            if (shopper != null && (shopper.exposed == null || at.isBefore(shopper.exposed))) {
                shopper.variation = text(properties, "variation_id");
                shopper.exposed = at;
            }
        } else if (OrderResource.COMPLETED.equals(event)) {
            Shopper shopper = shopper(text(message, "userId"));
            if (shopper != null && (shopper.converted == null || at.isAfter(shopper.converted))) {
                shopper.converted = at;
            }
        }
    }

    private Shopper shopper(String userId) {
        Shopper shopper = shoppers.get(userId);
        if (shopper == null && shoppers.size() < MAX_SHOPPERS) {
            shopper = new Shopper();
            shoppers.put(userId, shopper);
        }
        return shopper;
    }

    public synchronized Outcome outcome() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Shopper shopper : shoppers.values()) {
            if (shopper.variation != null) {
                long[] count = counts.computeIfAbsent(shopper.variation, v -> new long[2]);
                count[0]++;
                if (shopper.converted != null && !shopper.converted.isBefore(shopper.exposed)) {
                    count[1]++;
                }
            }
        }
        List<Variation> variations = new ArrayList<>();
        ARMS.keySet().forEach(arm -> variations.add(variation(arm, counts.getOrDefault(arm, new long[2]))));
        counts.forEach((variation, count) -> {
            if (!ARMS.containsKey(variation)) {
                variations.add(variation(variation, count));
            }
        });
        return new Outcome(FLAG, variations, sentence(variations.get(0), variations.get(1)));
    }

    private static Variation variation(String variation, long[] count) {
        double[] interval = wilson(count[1], count[0]);
        return new Variation(variation, count[0], count[1], count[0] == 0 ? 0 : (double) count[1] / count[0],
                interval[0], interval[1]);
    }

    /** The 95% Wilson score interval of a rate of {@code successes} in {@code n} (0 to 1 for no data). */
    static double[] wilson(long successes, long n) {
        if (n == 0) {
            return new double[] { 0, 1 };
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] { Math.max(0, center - half), Math.min(1, center + half) };
    }

    /** "new checkout converts 35% [28-42%] vs classic checkout 25% [19-32%] ...". */
    static String sentence(Variation a, Variation b) {
        if (a.exposures() == 0 || b.exposures() == 0) {
            return "No result yet: each checkout needs shoppers (press Simulate 100 shoppers).";
        }
        String verdict;
        if (a.low() > b.high()) {
            verdict = "the intervals do not overlap: the " + ARMS.get(a.variation()) + " converts better.";
        } else if (b.low() > a.high()) {
            verdict = "the intervals do not overlap: the " + ARMS.get(b.variation()) + " converts better.";
        } else {
            verdict = "the intervals overlap: no clear winner yet, more shoppers will tell.";
        }
        return ARMS.get(a.variation()) + " converts " + rate(a) + " vs " + ARMS.get(b.variation()) + " " + rate(b)
                + " (95% intervals, " + a.exposures() + " and " + b.exposures() + " shoppers); " + verdict;
    }

    /** "35% [28-42%]". */
    static String rate(Variation variation) {
        return percent(variation.rate()) + " [" + Math.round(variation.low() * 100) + "-"
                + percent(variation.high()) + "]";
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%d%%", Math.round(rate * 100));
    }

    private static String text(JsonObject object, String name) {
        return object.has(name) && object.get(name).isJsonPrimitive() ? object.get(name).getAsString() : null;
    }

    private static Instant timestamp(JsonObject message) {
        try {
            return message.has("timestamp") ? Instant.parse(message.get("timestamp").getAsString()) : Instant.EPOCH;
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
