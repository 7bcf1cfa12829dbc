#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the store tests: `start` runs initdb in a temporary folder owned by
# the postgres user (initdb refuses root), starts it on a free port and prints the connection string as
# `export TASKGATEWAY_POSTGRES=...` (and the folder as TASKGATEWAY_POSTGRES_DIR) for `eval`; `stop DIR` stops it and
# removes the folder. Trust authentication on 127.0.0.1 only: the cluster lives as long as one run.
set -euo pipefail

bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  echo "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin; apt-get install postgresql)" >&2
  return 1
}

# A port nobody listens on now: a random one that refuses a connection (bash's /dev/tcp, no other tool needed).
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local bin dir port
  bin=$(bin_dir)
  dir=$(mktemp -d)
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_postgres "$bin/initdb" -D "$dir/data" --auth=trust --username=postgres >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  port=$(free_port)
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
  echo "export TASKGATEWAY_POSTGRES_DIR='$dir'"
  echo "export TASKGATEWAY_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
}

stop() {
  local dir=${1:-${TASKGATEWAY_POSTGRES_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: $0 stop DIR (the folder start printed)" >&2; return 1; }
  as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
