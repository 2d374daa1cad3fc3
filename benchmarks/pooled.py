#!/usr/bin/env python3
"""The rounds of several paired runs pooled: median and 90 % bootstrap interval per row.

    python3 benchmarks/pooled.py FILE[:SIDE] ...
    python3 benchmarks/pooled.py benchmarks/results/s13-p2-targeted-50-rounds.txt \\
        benchmarks/results/s14-p2-targeted-flat.txt:old

Reads three kinds of lines, as the benchmarks' raw outputs in results/ hold them:
  "# round N: <row>: A vs B ns"        (PairedRatios)
  "<side>\t<row>: A vs B ns"            (benchmarks/old-vs-new.sh; only the lines of SIDE, default "old")
  "N <variant> ns" with variants "raw" and "full" in one round N of a section (session 13's rotating single forks;
  a comment line starts a new section)
A row whose name says "(ns)" pools differences A - B, any other ratios A / B. The interval is the same percentile
bootstrap as PairedRatios prints (old-vs-new.sh prints its summary with this script) (10,000 resamples, seed 31).
"""
import collections
import random
import re
import statistics
import sys

ROUND = re.compile(r"# round \d+: (.+): ([\d.]+) vs ([\d.]+) ns$")
SIDED = re.compile(r"(old|new)\t(.+): ([\d.]+) vs ([\d.]+) ns$")
ROTATING = re.compile(r"(\d+) (\w+) ([\d.]+)$")


def interval(values):
    rng = random.Random(31)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(10000))
    return medians[500], medians[9499]


def pooled(arguments):
    rows = collections.defaultdict(list)
    for argument in arguments:
        path, _, side = argument.rpartition(":")
        if side not in ("old", "new"):
            path, side = argument, "old"
        sections = [collections.defaultdict(dict)]
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line.startswith("# ") and not ROUND.match(line):
                sections.append(collections.defaultdict(dict))  # a new section numbers its rounds anew
            elif m := ROUND.match(line):
                rows[m[1]].append((float(m[2]), float(m[3])))
            elif (m := SIDED.match(line)) and m[1] == side:
                rows[m[2]].append((float(m[3]), float(m[4])))
            elif m := ROTATING.match(line):
                sections[-1][m[1]][m[2]] = float(m[3])
        for variants in (v for section in sections for v in section.values()):
            if "full" in variants and "raw" in variants:
                rows["P2 injected / raw getValue (targeted, dedupe hit), telemetry on"].append(
                    (variants["full"], variants["raw"]))
    return rows


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for row, pairs in pooled(sys.argv[1:]).items():
        difference = "(ns)" in row
        values = [a - b if difference else a / b for a, b in pairs]
        fmt = "%.1f" if difference else "%.3f"
        low, high = interval(values)
        print(f"{row}\n    {len(values)} rounds: median {fmt % statistics.median(values)}"
              f" (90 % interval {fmt % low} to {fmt % high})")


if __name__ == "__main__":
    main()
