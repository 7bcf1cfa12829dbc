#!/usr/bin/env bash
# Measures watch fan-out against the embedded sandbox: N NDJSON watchers of one live task, the events each got,
# and how many upstream polls the gateway made for them (from its taskgateway_upstream_duration metric).
# Usage: tools/measure-watchers.sh [watchers] [iotda|clouddc]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000}
which=${2:-clouddc}
project=0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b
case "$which" in
  iotda) path="/v1/sources/iotda/projects/$project/instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234:watch"
         ;;
  *)     path="/v1/sources/clouddc/projects/$project/instances/cdc-web-01/status:watch"
         ;;
esac
log=$(mktemp)
dotnet build "$root/src/TaskGateway" -v q >/dev/null
dotnet run --project "$root/src/TaskGateway" --no-build -- \
  --TaskGateway:Callers:MaxWatchStreams=100000 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5080/v1/sources >/dev/null && break; sleep 1; done
node "$root/tools/watchers.js" "$n" "$path"
# Watch polls of the source, from the gateway's own metric (purpose="watch").
curl -sf -o "$log.metrics" http://127.0.0.1:5080/metrics
echo "upstream polls: $(grep -E "^taskgateway_upstream_duration_seconds_count\{[^}]*purpose=\"watch\"[^}]*source=\"$which\"" "$log.metrics" | awk '{s+=$NF} END {print s+0}')"
