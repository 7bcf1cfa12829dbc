#!/usr/bin/env bash
# Scale-out on loopback: redis-server, the standalone sandbox and three gateway replicas coordinated through Redis.
# Try it, then watch the sandbox count one poll per watched task per interval however many replicas you watch through:
#   deploy/local/scale-out.sh            (Ctrl+C stops everything)
# Needs redis-server on PATH (apt-get install redis-server). Ports: Redis 6390, sandbox 5900, replicas gRPC 5001-5003
# and REST 5081-5083; override with REDIS_PORT, SANDBOX_PORT, GRPC_BASE, REST_BASE.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
redis_port=${REDIS_PORT:-6390}
sandbox_port=${SANDBOX_PORT:-5900}
grpc_base=${GRPC_BASE:-5000}
rest_base=${REST_BASE:-5080}
command -v redis-server >/dev/null || { echo "redis-server is not on PATH: apt-get install redis-server" >&2; exit 1; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

dotnet build -c Release --nologo -v quiet src/TaskGateway >/dev/null
gateway=src/TaskGateway/bin/Release/net10.0/TaskGateway.dll
sandbox=src/TaskGateway.Sandbox/bin/Release/net10.0/TaskGateway.Sandbox.dll

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/tmp/taskgateway-redis.log 2>&1 &
pids+=($!)
dotnet "$sandbox" --port "$sandbox_port" &
pids+=($!)

# The gateways' sources: the sandbox's configuration as environment variables; one page token key for all replicas.
eval "$(dotnet "$sandbox" --port "$sandbox_port" --print-env)"
export ASPNETCORE_ENVIRONMENT=Production
export TaskGateway__Redis__Configuration="127.0.0.1:$redis_port"
export TaskGateway__PageTokenKey=${TaskGateway__PageTokenKey:-$(head -c 32 /dev/urandom | base64)}
for i in 1 2 3; do
  TaskGateway__Hosting__GrpcPort=$((grpc_base + i)) TaskGateway__Hosting__RestPort=$((rest_base + i)) dotnet "$gateway" &
  pids+=($!)
done

cat <<TRY

Three replicas: gRPC on 127.0.0.1:$((grpc_base + 1))-$((grpc_base + 3)), REST on 127.0.0.1:$((rest_base + 1))-$((rest_base + 3)).
Watch one running instance through every replica (it never stops, so the watches go on):
  for p in $((rest_base + 1)) $((rest_base + 2)) $((rest_base + 3)); do
    curl -sN "http://127.0.0.1:\$p/v1/sources/clouddc/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/cdc-fleet-01/status:watch?until=details.state%20%3D%20stopped" >/dev/null &
  done
Then count the sandbox's polls of it: one per interval (2 s to 30 s as nothing changes), not three:
  curl -s "http://127.0.0.1:$sandbox_port/_sandbox/requests?contains=cdc-fleet-01"
Kill a replica, or redis-server, and the other streams go on. Ctrl+C stops everything.
TRY
wait
