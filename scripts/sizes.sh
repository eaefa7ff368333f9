#!/usr/bin/env bash
# `make sizes`: what the browser downloads from the release build. First, for
# each kind of page, the JS and WASM a first visit fetches (found by visiting it
# in Debian's Chromium), added up raw and brotli-compressed; then every file of
# the bundle. Brotli at quality 11, as a static pre-compression would use.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] && [ -x target/release/server ] || { echo "no release build: run 'make build' first" >&2; exit 1; }

kb() { awk -v b="$1" 'BEGIN{printf "%.1f", b/1024}'; }
raw_size() { stat -c %s "$1"; }
brotli_size() { brotli -c -q 11 "$1" | wc -c; }

port=${SIZES_PORT:-3500}
db=$(mktemp -d)/sizes.sqlite3
LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$db" RUST_LOG=warn target/release/server \
  >"${db%.sqlite3}.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

# The directory's copy is made by the server, not a file of the build.
data="${db%.sqlite3}.directory.txt"
curl -fs "http://127.0.0.1:$port/services/directory.txt" >"$data"
# The file a downloaded address is.
file_of() { if [ "$1" = /services/directory.txt ]; then echo "$data"; else echo "target/site$1"; fi; }

echo "JS and WASM a first visit downloads, per page; then what the services pages"
echo "load once idle (the browser's search module and the directory's copy):"
printf '| page | files | raw | brotli | once idle: files | raw | brotli | in all, brotli |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
(cd end2end && node page-downloads.mjs "http://127.0.0.1:$port") |
  while IFS=$'\t' read -r name path urls idle; do
    raw=0 br=0 count=0 idle_raw=0 idle_br=0 idle_count=0
    for url in $urls; do
      file=$(file_of "$url")
      [ -f "$file" ] || { echo "sizes: $url is not in target/site" >&2; exit 1; }
      raw=$((raw + $(raw_size "$file"))) br=$((br + $(brotli_size "$file"))) count=$((count + 1))
    done
    for url in $idle; do
      file=$(file_of "$url")
      [ -f "$file" ] || { echo "sizes: $url is not in target/site" >&2; exit 1; }
      idle_raw=$((idle_raw + $(raw_size "$file"))) idle_br=$((idle_br + $(brotli_size "$file")))
      idle_count=$((idle_count + 1))
    done
    printf '| %s (`%s`) | %s | %s KB | %s KB | %s | %s KB | %s KB | %s KB |\n' "$name" "$path" "$count" \
      "$(kb "$raw")" "$(kb "$br")" "$idle_count" "$(kb "$idle_raw")" "$(kb "$idle_br")" "$(kb $((br + idle_br)))"
  done

# How the directory's copy grows: bytes per service, from this one.
services=$(tr '\036' '\n' <"$data" | grep -c '^service')
printf '\nThe directory'"'"'s copy: %s services, %s KB raw, %s KB brotli: %s bytes brotli a service,\n' \
  "$services" "$(kb "$(raw_size "$data")")" "$(kb "$(brotli_size "$data")")" "$(( $(brotli_size "$data") / services ))"
printf 'so about %s KB brotli at 10,000 services of the same length.\n' \
  "$(kb $(( $(brotli_size "$data") * 10000 / services )))"

# Our navigation script comes inline in every page (and Leptos's island
# loader in a page with islands: it is measured with the page's files above
# only as what it loads).
curl -fs "http://127.0.0.1:$port/" |
  python3 -c 'import re,sys; sys.stdout.write("".join(re.findall(r"<script type=\"module\"[^>]*>(.*?)</script>", sys.stdin.read(), re.S)))' \
  >"${db%.sqlite3}.inline.js"
inline="${db%.sqlite3}.inline.js"
printf '\nPlus, inline in every page'"'"'s HTML (the navigation script): %s KB raw, %s KB brotli.\n' \
  "$(kb "$(raw_size "$inline")")" "$(kb "$(brotli_size "$inline")")"

echo
echo "Every file of the bundle:"
printf '| file | raw | brotli |\n|---|---:|---:|\n'
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  printf '| %s | %s KB | %s KB |\n' "$(basename "$f")" "$(kb "$(raw_size "$f")")" "$(kb "$(brotli_size "$f")")"
done

# What the islands' WASM holds, by crate and by function (twiggy, on a copy
# of the release WASM optimised as cargo-leptos does but keeping its names).
front=target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm
[ -f "$front" ] || { echo "sizes: $front missing: run 'make build' first" >&2; exit 1; }
command -v twiggy >/dev/null || cargo install twiggy --version 0.8.0 --locked
named=$(mktemp -d)
wasm-bindgen --target web --out-dir "$named" "$front"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$named/frontend_bg.wasm" -o "$named/named.wasm"
twiggy top -n 100000 --format csv "$named/named.wasm" >"$named/top.csv"
echo
python3 scripts/wasm-contents.py "$named/top.csv"
rm -rf "$named"
