#!/usr/bin/env bash
# `make loadtest`: the release server under load on this machine, with the load
# generators beside it. Prints requests/s, p99 and errors for 256 connections
# over 30 s on / and on a search (kept pages), and on nginx serving the same
# bytes of / from a file, side by side (Debian's nginx-light, installed if
# missing); checks that 500 connections trickling their headers do not delay a
# normal request past 1 s, and that 1,500 sign-ins at once from 1,000
# addresses fail none of a visitor's pages meanwhile and keep the server's peak
# memory under 200 MB; then / rendered afresh every time.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${LOADTEST_PORT:-3200}
base="http://127.0.0.1:$port"
seconds=${LOADTEST_SECONDS:-30}
connections=${LOADTEST_CONNECTIONS:-256}

bash scripts/need-debian.sh wrk:wrk nginx:nginx-light

db=$(mktemp -d)/loadtest.sqlite3
LEPTOS_SITE_ADDR="127.0.0.1:$port" SITE_URL="$base" DATABASE_URL="sqlite://$db" RUST_LOG=warn \
  target/release/server >"${db%.sqlite3}.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

# nginx on the next port, serving the bytes the server sends for / as a file.
static=$(mktemp -d)
chmod 755 "$static"
curl -fs "$base/" -o "$static/index.html" && chmod 644 "$static/index.html"
cat >"$static/nginx.conf" <<CONF
worker_processes 2;
pid $static/nginx.pid;
error_log $static/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$((port + 1)); root $static; default_type text/html; }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -c "$static/nginx.conf" -p "$static"
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; "$nginx_bin" -c "$static/nginx.conf" -p "$static" -s stop 2>/dev/null || true' EXIT

# Each search with a new address is never kept: what rendering costs.
cat >"$static/uncached.lua" <<'LUA'
request = function()
  return wrk.format(nil, "/?uncached=" .. math.random(1, 1000000000))
end
LUA

failed=0
run() { # label url [wrk options...]
  local label=$1 url=$2
  shift 2
  echo "==> wrk: $connections connections for ${seconds}s on $label"
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency --timeout 10s "$@" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' <<<"$out"); socket=${socket:-0}
  printf '%-24s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   socket errors %s\n' \
    "$label" "$rps" "$p50" "$p99" "$non2xx" "$socket"
  [ "$non2xx" = 0 ] && [ "$socket" = 0 ] || failed=1
}
run "/" "$base/"
run "/services?q=heart" "$base/services?q=heart"
run "nginx, same bytes as /" "http://127.0.0.1:$((port + 1))/"
echo "==> slow headers, and sign-ins at once"
python3 scripts/loadtest_probes.py "$base" "$server" || failed=1
# Last: it fills the kept answers with pages nobody asks for twice.
run "/ rendered every time" "$base/" -s "$static/uncached.lua"
errors=$(grep -c -E 'panicked|ERROR' "${db%.sqlite3}.log" || true)
echo "server log lines with ERROR or a panic: $errors"
[ "$errors" = 0 ] || failed=1
exit $failed
