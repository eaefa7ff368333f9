#!/usr/bin/env bash
# Builds the browser's search module (the `finder` crate) into the site's
# `pkg/` as `finder-<hash>.js` and `finder-<hash>.wasm`: hashed like the
# islands' bundle, so browsers keep them for a year, and found by the server
# at start (`server::finder_module`). Optimised as cargo-leptos optimises
# the islands' bundle: the wasm-release profile, wasm-bindgen, wasm-opt -Oz
# on the WASM and a minifier (terser) on its JS.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg="${LEPTOS_SITE_ROOT:-target/site}/pkg"
out=target/finder
mkdir -p "$pkg"
cargo build -p finder --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name finder \
  target/wasm32-unknown-unknown/wasm-release/finder.wasm
wasm-opt -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$out/finder_bg.wasm" -o "$out/finder_bg.wasm"
terser "$out/finder.js" --module --compress --mangle -o "$out/finder.js"
hash=$(cat "$out/finder.js" "$out/finder_bg.wasm" | sha256sum | cut -c1-16)
rm -f "$pkg"/finder-*
cp "$out/finder.js" "$pkg/finder-$hash.js"
cp "$out/finder_bg.wasm" "$pkg/finder-$hash.wasm"
echo "finder: $pkg/finder-$hash.js and .wasm"
