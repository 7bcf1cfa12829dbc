#!/usr/bin/env python3
# Medians of c1-rounds.sh output per target, without the first (warm-up) round: calls per second, p50, CPU per call,
# and the medians of the per-round ratios to YARP's (the first target whose name starts with "yarp").
# Usage: c1-summary.py rounds.txt
import collections, re, statistics, sys

rps, p50, cpu = (collections.defaultdict(list) for _ in range(3))
rounds = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 6 or f[0] == '1':
        continue
    rps[f[1]].append(int(f[2]))
    p50[f[1]].append(int(f[5]))
    cpu[f[1]].append(int(re.search(r'us/req (\d+)', line).group(1)))
    rounds[f[0]][f[1]] = (int(f[2]), int(f[5]))
yarp = next(n for n in rps if n.startswith('yarp'))
print('| target | calls/s per round | p50 per round, µs | median calls/s | median p50 | calls/s / YARP | p50 / YARP | median CPU µs per call |')
print('|---|---|---|---|---|---|---|---|')
for name in rps:
    both = [r for r in rounds.values() if name in r and yarp in r]
    tput = statistics.median([r[name][0] / r[yarp][0] for r in both])
    lat = statistics.median([r[name][1] / r[yarp][1] for r in both])
    print(f"| {name} | {', '.join(map(str, rps[name]))} | {', '.join(map(str, p50[name]))} | {statistics.median(rps[name]):.0f} | "
          f"{statistics.median(p50[name]):.0f} | {tput:.2f} | {lat:.2f} | {statistics.median(cpu[name]):.0f} |")
