#!/usr/bin/env bash
# Rounds of a closed loop of callers, a distinct task per call, against each target of c1-stack.sh in turn: calls per
# second, p50 and the target process's CPU time per call (user+system from /proc around the run). Over gRPC, a target
# that serves REST only (YARP, the anchor) is driven over REST. The first round warms each target up (JIT,
# connections) and is printed but left out of c1-summary.py.
# Usage: c1-rounds.sh WORK ROUNDS SECONDS [rest|grpc] [CALLERS] > rounds.txt   (defaults: rest, one caller)
set -euo pipefail
work=$1; rounds=$2; seconds=$3; mode=${4:-rest}; callers=${5:-1}
bench=$(git rev-parse --show-toplevel)/tools/TaskGateway.Benchmarks/bin/Release/net10.0/TaskGateway.Benchmarks.dll
for r in $(seq "$rounds"); do
  while read -r name rest grpc pid; do
    address=$rest; how=rest
    if [ "$mode" = grpc ] && [ "$grpc" != - ]; then address=$grpc; how=grpc; fi
    t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    out=$(dotnet "$bench" load "$address" "$how" "$callers" "$seconds" < /dev/null)
    t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    rps=$(echo "$out" | grep -oP '^[0-9]+')
    # The load command warms for 2 s before its window: the CPU ticks (10 ms) cover seconds + 2 s of calls.
    echo "$r $name-$how $out | cpu us/req $(( (t1 - t0) * 10000 / (rps * (seconds + 2)) )) | load $(cut -d' ' -f1 /proc/loadavg)"
  done < "$work/targets"
done
