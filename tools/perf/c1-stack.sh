#!/usr/bin/env bash
# Starts the c=1 comparison stack, each its own process on loopback: the benchmark's upstream, YARP in front of it,
# the bare hop (gRPC and REST by JSON transcoding), the same hop with the gateway's feature libraries, and one gateway per NAME from GATEWAY_DIR, each NAME with its own
# environment (e.g. ABL_OTEL=1 for an ablation build from ablate.sh). JIT code is visible to perf (perf maps).
# Writes WORK/targets: "name rest-address grpc-address pid" per line (grpc "-" for YARP, which serves REST only), for
# c1-rounds.sh and c1-profile.sh.
# With WITHOUT="tracing metrics resilience" (any of them) it also starts, per name, the libraries hop without that
# library (bare-libraries-without-NAME), which prices each library on the hop (profile.md, seventh slice).
# Usage: [WITHOUT=...] c1-stack.sh WORK GATEWAY_DIR NAME[:KEY=VALUE,...]...   e.g. c1-stack.sh /tmp/c1 /tmp/abl all-on none:ABL_OTEL=1,ABL_RES=1
set -euo pipefail
work=$1; dir=$2; shift 2
root=$(git rev-parse --show-toplevel)
bench=$root/tools/TaskGateway.Benchmarks/bin/Release/net10.0/TaskGateway.Benchmarks.dll
mkdir -p "$work"; : > "$work/targets"
perfmap=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)

# Waits for a line in a process's log; fails at once, with the log, when the process last started in the background ($!) ended.
wait_for() {
  for _ in $(seq 120); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$!" 2>/dev/null || { cat "$1" >&2; echo "the process writing $1 ended before '$2'" >&2; exit 1; }
    sleep 0.5
  done
  echo "no '$2' in $1" >&2; exit 1
}

env "${perfmap[@]}" nohup dotnet "$bench" upstream > "$work/upstream.log" 2>&1 &
wait_for "$work/upstream.log" 'listening on'
up=$(grep -oP 'listening on \Khttp://\S+' "$work/upstream.log"); up=${up%/}

env "${perfmap[@]}" nohup dotnet "$bench" yarp "$up" > "$work/yarp.log" 2>&1 &
pid=$!; wait_for "$work/yarp.log" 'yarp listening on'
echo "yarp $(grep -oP 'yarp listening on \K\S+' "$work/yarp.log") - $pid" >> "$work/targets"
env "${perfmap[@]}" nohup dotnet "$bench" bare-hop "$up" > "$work/bare.log" 2>&1 &
pid=$!; wait_for "$work/bare.log" 'bare hop REST on'
echo "bare-hop $(grep -oP 'bare hop REST on \K\S+' "$work/bare.log") $(grep -oP 'bare hop listening on \K\S+' "$work/bare.log") $pid" >> "$work/targets"
# The same hop running the libraries the gateway's features are built on (OpenTelemetry, resilience, auth middleware).
env "${perfmap[@]}" nohup dotnet "$bench" bare-hop "$up" --libraries > "$work/bare-libraries.log" 2>&1 &
pid=$!; wait_for "$work/bare-libraries.log" 'bare hop REST on'
echo "bare-libraries $(grep -oP 'bare hop REST on \K\S+' "$work/bare-libraries.log") $(grep -oP 'bare hop listening on \K\S+' "$work/bare-libraries.log") $pid" >> "$work/targets"

for library in ${WITHOUT:-}; do
  env "${perfmap[@]}" nohup dotnet "$bench" bare-hop "$up" --libraries --without "$library" > "$work/bare-libraries-without-$library.log" 2>&1 &
  pid=$!; wait_for "$work/bare-libraries-without-$library.log" 'bare hop REST on'
  echo "bare-libraries-without-$library $(grep -oP 'bare hop REST on \K\S+' "$work/bare-libraries-without-$library.log") $(grep -oP 'bare hop listening on \K\S+' "$work/bare-libraries-without-$library.log") $pid" >> "$work/targets"
done

# The benchmark's own settings for its measured gateway (one IoTDA source on the upstream), from one place.
mapfile -t settings < <(dotnet "$bench" gateway-env "$up")
for spec in "$@"; do
  name=${spec%%:*}; extra=(); [[ $spec == *:* ]] && IFS=, read -ra extra <<< "${spec#*:}"
  env "${perfmap[@]}" "${settings[@]}" "${extra[@]}" nohup dotnet "$dir/TaskGateway.dll" > "$work/gateway-$name.log" 2>&1 &
  pid=$!
  wait_for "$work/gateway-$name.log" 'REST/JSON on'
  echo "$name $(grep -oP 'REST/JSON on \Khttp://[0-9.]+:[0-9]+' "$work/gateway-$name.log") $(grep -oP 'gRPC \(h2c\) on \Khttp://[0-9.]+:[0-9]+' "$work/gateway-$name.log") $pid" >> "$work/targets"
done
cat "$work/targets"
