#!/usr/bin/env bash
# `cargo deny check` (deny.toml) with the RustSec database snapshot kept in
# supply-chain/advisory-db: it is laid out as cargo-deny's offline copy of the
# database, dated when the snapshot was taken (so deny.toml's staleness limit
# counts from then), and cargo-deny never goes to the network.
#
#   bash scripts/deny.sh                     the check (make lint)
#   bash scripts/deny.sh --refresh CLONE     take a new snapshot from a clone
set -euo pipefail
cd "$(dirname "$0")/.."
snapshot=supply-chain/advisory-db
# cargo-deny's folder name for its default database.
copy=target/advisory-dbs/advisory-db-3157b0e258782691

if [ "${1:-}" = "--refresh" ]; then
  clone=${2:?usage: scripts/deny.sh --refresh PATH-TO-A-CLONE}
  rm -rf "$snapshot/crates"
  git -C "$clone" archive HEAD crates LICENSE.txt | tar -x -C "$snapshot"
  git -C "$clone" log -1 --format='%H %cI' >"$snapshot/SNAPSHOT"
  echo "snapshot: $(cat "$snapshot/SNAPSHOT")"
  exit 0
fi

deny=target/tools/bin/cargo-deny
[ -x "$deny" ] || { echo "deny: $deny is missing (make setup installs it)" >&2; exit 1; }
read -r commit taken <"$snapshot/SNAPSHOT"
if [ "$(cat "$copy/.snapshot" 2>/dev/null)" != "$commit" ]; then
  rm -rf "$copy"
  mkdir -p "$copy/.git"
  cp -r "$snapshot/crates" "$copy/"
  echo "$commit" >"$copy/.snapshot"
fi
touch -d "$taken" "$copy/.git/FETCH_HEAD"
# Crates it reads the metadata of must be here: cargo-deny itself stays offline.
cargo fetch --locked --quiet
echo "deny: advisories as of $taken (snapshot ${commit:0:12})"
"$deny" --offline check --show-stats 2>&1
