#!/usr/bin/env bash
# Old and new FlagBridge in one run: each round runs PairedRatios once with the old benchmarks.jar and once with the
# new one (in alternating order), so both see the same machine; then the medians per side and per pair.
#
#   benchmarks/old-vs-new.sh OLD.jar NEW.jar ROUNDS [JMH options...]
#   benchmarks/old-vs-new.sh /tmp/old/benchmarks.jar benchmarks/target/benchmarks.jar 5 -wi 2 -w 1s -i 3 -r 1s
#
# Pass -Dtelemetry=on or -Dpairs=... through JAVA_OPTS. Each PairedRatios round prints "# round 1: <row>: A vs B ns";
# this script keeps those lines, tagged old/new, and prints the median ratio (difference for the plain pair) per side,
# with a 90 % bootstrap interval of each median: two sides whose intervals overlap are not told apart by the run.
set -euo pipefail
old=$1; new=$2; rounds=$3; shift 3
out=$(mktemp)
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order="old new"; else order="new old"; fi
  for side in $order; do
    jar=$old; [ "$side" = new ] && jar=$new
    java ${JAVA_OPTS:-} -Drounds=1 -cp "$jar" io.flagbridge.benchmarks.PairedRatios "$@" 2>/dev/null \
      | sed -n "s/^# round 1: /$side\t/p" | tee -a "$out"
  done
done
python3 - "$out" <<'PY'
import sys, statistics, collections, random
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    side, rest = line.rstrip("\n").split("\t", 1)
    row, values = rest.rsplit(": ", 1)
    measured, baseline = (float(v) for v in values.replace(" ns", "").split(" vs "))
    diff = "plain" in row and "(ns)" in row
    rows[(row, side)].append(measured - baseline if diff else measured / baseline)
def interval(values):
    # 90 % percentile-bootstrap interval of the median (fixed seed), as PairedRatios prints it
    if not values:
        return (float("nan"), float("nan"))
    rng = random.Random(31)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(10000))
    return medians[500], medians[9499]
for row in sorted({r for r, _ in rows}):
    o, n = rows.get((row, "old"), []), rows.get((row, "new"), [])
    fmt = "%.1f" if "(ns)" in row else "%.3f"
    print(row)
    for side, v in (("old", o), ("new", n)):
        low, high = interval(v)
        print(f"    {side} median {fmt % statistics.median(v)} (90 % interval {fmt % low} to {fmt % high}) {[fmt % x for x in v]}")
PY
rm -f "$out"
