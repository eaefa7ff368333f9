#!/usr/bin/env bash
# Two release servers on one PostgreSQL behind nginx (Debian's nginx-light) as
# the load balancer, all on local ports:
#
#   nginx        http://127.0.0.1:3000  (CLUSTER_PORT)   the address visitors use
#   server A     127.0.0.1:3001
#   server B     127.0.0.1:3002
#   PostgreSQL   DATABASE_URL if it is a postgres:// URL, else a throwaway one
#
#   scripts/cluster.sh          serve until Ctrl-C (`make cluster`)
#   scripts/cluster.sh check    kill server A during a load run through nginx:
#                               fails unless every request succeeds
#   scripts/cluster.sh outage   stop PostgreSQL for 20 s during a load run of
#                               public pages (scripts/outage-check.py): fails
#                               unless every public request succeeds, staff
#                               edits meanwhile get 503, and both servers
#                               carry on when it is back
#
# nginx sends each request to the next server when one refuses the
# connection, resets it or does not answer within 1 s (proxy_next_upstream),
# and leaves a failed server alone for 5 s before trying it again
# (max_fails=1 fail_timeout=5s). Only GETs and HEADs are retried: a form post
# that fails half way is reported, never sent twice.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-serve}

# The outage check stops and starts the database: only a throwaway one.
[ "$mode" != outage ] || [ -n "${TEST_POSTGRES_CTL:-}" ] || unset DATABASE_URL
if [[ "${DATABASE_URL:-}" != postgres* ]]; then
  [ -n "${TEST_POSTGRES_URL:-}" ] || exec bash scripts/with-postgres.sh bash "$0" "$@"
  export DATABASE_URL=$TEST_POSTGRES_URL
fi
[ -x target/release/server ] || { echo "cluster: run make build first" >&2; exit 2; }
bash scripts/need-debian.sh nginx:nginx-light wrk:wrk

port=${CLUSTER_PORT:-3000}
base="http://127.0.0.1:$port"
work=$(mktemp -d "${TMPDIR:-/tmp}/lth-cluster.XXXXXX")
chmod 755 "$work"
pids=()
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
stop() {
  "$nginx_bin" -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT

# Each server trusts nginx's X-Forwarded-For for the client's address (sign-in
# limits count the visitor, not the balancer).
launch() { # name port
  LEPTOS_SITE_ADDR="127.0.0.1:$2" SITE_URL="$base" TRUSTED_PROXIES=127.0.0.1 RUST_LOG=warn \
    target/release/server >"$work/server-$1.log" 2>&1 &
}
ready() { # name port
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.1; done
  echo "cluster: server $1 did not start; its log:" >&2
  cat "$work/server-$1.log" >&2
  exit 1
}
# Both start at once: migrations and seeding run once, under PostgreSQL locks.
launch A $((port + 1)); a_pid=$!; pids+=("$a_pid")
launch B $((port + 2)); pids+=($!)
ready A $((port + 1))
ready B $((port + 2))

cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  upstream site {
    server 127.0.0.1:$((port + 1)) max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$((port + 2)) max_fails=1 fail_timeout=5s;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://site;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Request-Id \$request_id;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502 http_504;
      proxy_next_upstream_tries 2;
    }
  }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
echo "cluster: $base -> servers on ports $((port + 1)) and $((port + 2)); logs in $work"

if [ "$mode" = outage ]; then
  CLUSTER_BASE=$base SERVER_A=127.0.0.1:$((port + 1)) SERVER_B=127.0.0.1:$((port + 2)) \
    CLUSTER_WORK=$work python3 scripts/outage-check.py
  exit $?
fi
if [ "$mode" != check ]; then
  wait
  exit 0
fi

seconds=${CLUSTER_CHECK_SECONDS:-10}
echo "==> wrk: 64 connections for ${seconds}s through nginx; server A killed after 3 s"
wrk -t2 -c64 -d"${seconds}s" --timeout 5s "$base/services?q=heart" >"$work/wrk.txt" &
load=$!
sleep 3
{ kill -9 "$a_pid"; wait "$a_pid"; } 2>/dev/null || true
wait "$load"
cat "$work/wrk.txt"
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt"); non2xx=${non2xx:-0}
socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$work/wrk.txt"); socket=${socket:-0}
echo "cluster check: $total requests, server A killed during the run: non-2xx $non2xx, socket errors $socket"
[ "$non2xx" = 0 ] && [ "$socket" = 0 ] && [ "${total:-0}" -gt 0 ]
