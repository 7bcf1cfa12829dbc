#!/usr/bin/env bash
# Samples one target of c1-stack.sh under one caller (REST, or gRPC where the target serves it): after a warm-up,
# perf record (10 s, call graphs) and then perf stat (8 s: CPU time and context switches), each during its own load
# run; writes the self-time listing that perf-groups.py reads. CPU per call = task-clock (ms) * 1000 / (rps * 8) from
# the printed line. Files are named NAME (REST) or NAME-grpc.
# Usage: c1-profile.sh WORK NAME [rest|grpc]   (NAME as in WORK/targets)
set -euo pipefail
work=$1; target=$2; mode=${3:-rest}
read -r _ rest grpc pid < <(grep "^$target " "$work/targets")
address=$rest; name=$target
case $mode in
  grpc) if [ "$grpc" != - ]; then address=$grpc; name=$target-grpc; else echo "$target serves REST only: sampled over REST" >&2; mode=rest; fi ;;
  rest) ;;
  *) echo "mode is rest or grpc, not $mode" >&2; exit 2 ;;
esac
bench=$(git rev-parse --show-toplevel)/tools/TaskGateway.Benchmarks/bin/Release/net10.0/TaskGateway.Benchmarks.dll
dotnet "$bench" load "$address" "$mode" 1 4 > /dev/null
(dotnet "$bench" load "$address" "$mode" 1 14 > "$work/$name.record.load") & sleep 3
perf record -F 1999 -g -p "$pid" -o "$work/$name.data" -- sleep 10 > /dev/null 2>&1; wait
(dotnet "$bench" load "$address" "$mode" 1 10 > "$work/$name.stat.load") & sleep 2.5
perf stat -e task-clock,context-switches -p "$pid" -o "$work/$name.stat" -- sleep 8; wait
perf report -i "$work/$name.data" --no-children --sort dso,sym --stdio -g none 2> /dev/null > "$work/$name.syms"
echo "$name: $(cat "$work/$name.stat.load") | task-clock ms and context switches over 8 s: $(grep -E 'task-clock|context' "$work/$name.stat" | awk '{print $1}' | tr '\n' ' ')"
