#!/usr/bin/env python3
"""Buckets the jdk.ExecutionSample events of a spawn benchmark recording by what they were doing.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 200 rec.jfr | jfr_buckets.py

Each sample goes to the first bucket (in the order below) that any frame of its stack matches;
an instantiation sample goes to the innermost instantiation step on its stack.
"""
import collections
import re
import sys

INSTANTIATE = [
    ("mapHostImports", "matching imports to host functions (Chicory Instance.Builder.mapHostImports)"),
    ("Instance.initialize", "Instance.initialize (globals, elements, data segments)"),
    ("Instance.<init>", "rest of Instance.<init>"),
    ("Instance$Builder.build", "rest of Instance.Builder.build (exports map, type checks)"),
    ("WasixProcess.instantiate", "WasixProcess.instantiate itself (ImportValues, table)"),
]
ORDER = [
    ("WasixProcess.instantiate", "instantiate"),
    ("GuestThreads.start(", "Java thread creation + start"),
    ("WaitQueues", "futex wait/wake"),
    ("Futex", "futex wait/wake"),
    ("func_", "guest code (compiled wasm)"),
    ("Dispatcher", "syscall dispatch"),
    ("ForkJoinPool", "virtual-thread scheduler"),
    ("VirtualThread", "virtual-thread scheduler"),
]


def main():
    samples = sys.stdin.read().split("jdk.ExecutionSample")[1:]
    counts = collections.Counter()
    for s in samples:
        frames = re.findall(r"^\s+([\w.$<>/]+)\(", s, re.M)
        bucket = "other (GC, JIT, JFR, idle)"
        for key, name in ORDER:
            if any(key in f for f in frames):
                bucket = name
                if name == "instantiate":
                    for f in frames:
                        hit = [d for k, d in INSTANTIATE if k in f]
                        if hit:
                            bucket = "instantiate: " + hit[0]
                            break
                break
        counts[bucket] += 1
    n = len(samples) or 1
    total = sum(v for k, v in counts.items() if k.startswith("instantiate"))
    print(f"{len(samples)} execution samples")
    print(f"{100 * total / n:5.1f}%  instantiate, all steps")
    for k, v in counts.most_common():
        print(f"{100 * v / n:5.1f}%  {k}")


if __name__ == "__main__":
    main()
