package io.flagbridge.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import javax.management.JMException;
import javax.management.ObjectName;

/** What the load harnesses share: waiting for deliveries, heap after GC, class histograms. */
final class Load {

    private Load() {
    }

    /** How many messages arrived, and when the last one did. */
    record Arrivals(long count, long lastArrivalNanos) {
    }

    /**
     * Polls {@code delivered} until it reaches {@code expected} (when {@code expected > 0}), or until it did not move
     * for {@code quietMillis} while {@code idle} holds, or until {@code timeoutSeconds}; runs {@code nudge} every
     * 100 ms meanwhile (a flush, for instance).
     */
    static Arrivals await(LongSupplier delivered, long expected, long quietMillis, long timeoutSeconds,
            long sinceNanos, BooleanSupplier idle, Runnable nudge) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long count = delivered.getAsLong();
        long lastChange = count > 0 ? System.nanoTime() : sinceNanos;
        long nextNudge = 0;
        while (System.nanoTime() < deadline) {
            long now = delivered.getAsLong();
            if (now != count) {
                count = now;
                lastChange = System.nanoTime();
            }
            if (expected > 0 && count >= expected) {
                break;
            }
            if (System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(quietMillis) && idle.getAsBoolean()) {
                break;
            }
            if (System.nanoTime() >= nextNudge) {
                nudge.run();
                nextNudge = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            }
            Thread.sleep(1);
        }
        return new Arrivals(count, lastChange);
    }

    /** Heap in use after full collections. */
    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live bytes per class (a full GC first), from the JVM's own class histogram. */
    static Map<String, long[]> histogram() {
        Map<String, long[]> classes = new HashMap<>();
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] { new String[0] }, new String[] { String[].class.getName() });
            for (String line : text.split("\n")) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length >= 4 && columns[0].endsWith(":")) {
                    classes.put(columns[3], new long[] { Long.parseLong(columns[1]), Long.parseLong(columns[2]) });
                }
            }
        } catch (JMException | RuntimeException e) {
            System.out.println("(no class histogram: " + e + ")");
        }
        return classes;
    }

    /** Prints the classes whose live bytes grew most between two histograms. */
    static void printGrowth(Map<String, long[]> before, Map<String, long[]> after, int top) {
        System.out.printf("%-70s %12s %14s%n", "class (live, after full GC)", "+instances", "+bytes");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1] }))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(e -> System.out.printf("%-70s %12d %14d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    /** CPU time per thread group (names without their trailing number), and the process's, for deltas. */
    static final class Cpu {
        private final Map<String, Long> threads = new HashMap<>();
        private final long process;
        private final long wall = System.nanoTime();

        Cpu() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (long id : mx.getAllThreadIds()) {
                ThreadInfo info = mx.getThreadInfo(id);
                long cpu = mx.getThreadCpuTime(id);
                if (info != null && cpu > 0) {
                    threads.merge(group(info.getThreadName()), cpu, Long::sum);
                }
            }
            process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static String group(String name) {
            return name.replaceAll("-\\d+$", "-N").replaceAll("fake-segment-\\d+", "fake-segment");
        }

        /** What was used since {@code before}: the process's cores, and the busiest thread groups. */
        String since(Cpu before, Map<String, Long> finishedThreads) {
            double seconds = (wall - before.wall) / 1e9;
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "process CPU %.2f cores over %.2f s; CPU s by thread:", (process - before.process) / 1e9 / seconds,
                    seconds));
            Map<String, Long> used = new HashMap<>(finishedThreads);
            threads.forEach((name, cpu) -> used.merge(name, cpu - before.threads.getOrDefault(name, 0L), Long::sum));
            used.entrySet().stream()
                    .filter(e -> e.getValue() > 10_000_000L)
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(8)
                    .forEach(e -> text.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / 1e9)));
            return text.toString();
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }
}
