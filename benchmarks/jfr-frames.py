#!/usr/bin/env python3
"""Where a JMH benchmark thread's time goes, from a JFR recording's execution samples.

    jfr print --events jdk.ExecutionSample --stack-depth 64 x.jfr | python3 benchmarks/jfr-frames.py [THREAD] [TOP] [INCLUSIVE]

Counts the samples of the threads whose name contains THREAD (default: jmh-worker) and prints the share of samples
in which each method is the top frame (self), then in which it is anywhere on the stack (inclusive). Run the
benchmark with -jvmArgsAppend "-XX:StartFlightRecording=filename=x.jfr,settings=profile
-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" (the samples include the warm-up iterations).
"""
import collections
import re
import sys

thread = sys.argv[1] if len(sys.argv) > 1 else "jmh-worker"
top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
inclusive_n = int(sys.argv[3]) if len(sys.argv) > 3 else 45
top, inclusive = collections.Counter(), collections.Counter()
samples = 0
current, frames = None, []


def flush():
    global samples
    if current and thread in current and frames:
        samples += 1
        top[frames[0]] += 1
        for frame in set(frames):
            inclusive[frame] += 1


for line in sys.stdin:
    line = line.rstrip()
    if line.startswith("jdk.ExecutionSample"):
        flush()
        current, frames = None, []
    match = re.match(r'\s*sampledThread = "([^"]*)"', line)
    if match:
        current = match.group(1)
    match = re.match(r"\s+([\w$.<>/]+\.[\w$<>]+)\(.*\)\s+line:", line)
    if match:
        frames.append(match.group(1))
flush()
print("samples", samples)
print("-- top frames (self)")
for frame, count in top.most_common(top_n):
    print(f"{100 * count / samples:5.1f}% {frame}")
print("-- inclusive")
for frame, count in inclusive.most_common(inclusive_n):
    print(f"{100 * count / samples:5.1f}% {frame}")
