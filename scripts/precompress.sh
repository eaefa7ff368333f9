#!/usr/bin/env bash
# Compresses the release bundle's WASM, JS and CSS once, at the highest
# levels (brotli 11, gzip 9), beside the originals: the server sends these
# `.br` and `.gz` files to browsers that accept them (`make build` runs this).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=target/site/pkg
[ -d "$pkg" ] || { echo "precompress: no $pkg: build first" >&2; exit 1; }
rm -f "$pkg"/*.br "$pkg"/*.gz
for file in "$pkg"/*.wasm "$pkg"/*.js "$pkg"/*.css; do
  brotli -q 11 -k -f "$file"
  gzip -9 -k -f "$file"
done
