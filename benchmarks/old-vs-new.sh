#!/usr/bin/env bash
# Old and new FlagBridge in one run: each round runs PairedRatios once with the old benchmarks.jar and once with the
# new one (in alternating order), so both see the same machine; then the medians per side and per pair.
#
#   benchmarks/old-vs-new.sh OLD.jar NEW.jar ROUNDS [JMH options...]
#   benchmarks/old-vs-new.sh /tmp/old/benchmarks.jar benchmarks/target/benchmarks.jar 5 -wi 2 -w 1s -i 3 -r 1s
#
# Pass -Dtelemetry=on or -Dpairs=... through JAVA_OPTS. Each PairedRatios round prints "# round 1: <row>: A vs B ns";
# this script keeps those lines, tagged old/new, and prints (with pooled.py) the median ratio (difference for the
# plain pair) per side, with a 90 % bootstrap interval of each median: two sides whose intervals overlap are not told
# apart by the run.
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
# The medians and their intervals, per side: pooled.py reads the tagged lines.
for side in old new; do
  echo "$side:"
  python3 "$(dirname "$0")/pooled.py" "$out:$side"
done
rm -f "$out"
