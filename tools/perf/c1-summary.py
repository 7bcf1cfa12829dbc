#!/usr/bin/env python3
# Medians of c1-rounds.sh output per target, without the first (warm-up) round, and each target's p50 over YARP's.
# Usage: c1-summary.py rounds.txt
import collections, re, statistics, sys

p50, cpu, rounds = collections.defaultdict(list), collections.defaultdict(list), collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 6 or f[0] == '1':
        continue
    p50[f[1]].append(int(f[5]))
    cpu[f[1]].append(int(re.search(r'us/req (\d+)', line).group(1)))
    rounds[f[0]][f[1]] = int(f[5])
print('| target | p50 per round, µs | median p50 | median of per-round ratios to YARP | median CPU µs per call |')
print('|---|---|---|---|---|')
for name in p50:
    ratios = [r[name] / r['yarp'] for r in rounds.values() if name in r and 'yarp' in r]
    print(f"| {name} | {', '.join(map(str, p50[name]))} | {statistics.median(p50[name]):.0f} | {statistics.median(ratios):.2f} | {statistics.median(cpu[name]):.0f} |")
