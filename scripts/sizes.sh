#!/usr/bin/env bash
# Prints the sizes of the release bundle the browser downloads: raw and
# brotli-compressed (quality 11, as a static pre-compression would use).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no release build in $pkg: run 'make build' first" >&2; exit 1; }
printf '| file | raw | brotli |\n|---|---:|---:|\n'
for f in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  raw=$(stat -c %s "$f")
  br=$(brotli -c -q 11 "$f" | wc -c)
  printf '| %s | %s KB | %s KB |\n' "$(basename "$f")" \
    "$(awk -v b="$raw" 'BEGIN{printf "%.1f", b/1024}')" \
    "$(awk -v b="$br" 'BEGIN{printf "%.1f", b/1024}')"
done
