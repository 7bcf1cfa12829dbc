#!/usr/bin/env bash
# Layer ablation of the translation path (docs/benchmarks/profile.md, fifth slice): builds the gateway at HEAD with
# tools/perf/ablation.patch applied in a throwaway worktree. The patch adds measurement-only switches, read from the
# environment at start-up, each of which removes one layer the product keeps:
#   ABL_OTEL=1      no OpenTelemetry tracing or metrics (the Prometheus endpoint stays, empty)
#   ABL_RES=1       no standard resilience handler (timeouts, concurrency limit, retry, circuit breaker)
#   ABL_HANDLERS=1  no upstream metrics or retry-budget handlers
#   ABL_INT=1       no gRPC interceptors (error mapping, caller guard)
#   ABL_MW=1        no caller boundary, caller authorization or SSE middleware
#   ABL_FETCH=1     no single-flight: every GetTask calls its backend directly
# Never ship this build: it exists to put a price on each layer. ABL_FETCH is read on every GetTask, in every variant
# (one environment lookup per call, in the "every-layer" build too). Usage: tools/perf/ablate.sh OUT_DIR
set -euo pipefail
out=${1:?usage: ablate.sh OUT_DIR}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d); wt=$tmp/ablation
git -C "$root" worktree add --detach "$wt" HEAD >/dev/null
trap 'git -C "$root" worktree remove --force "$wt"; rm -rf "$tmp"' EXIT
git -C "$wt" apply "$root/tools/perf/ablation.patch"
dotnet build "$wt/src/TaskGateway" -c Release -o "$out" >/dev/null
echo "ablation build in $out: start it as the gateway (profile.md) with one ABL_* switch set per process"
