#!/usr/bin/env bash
# Starts the release server for the browser tests: a fresh database file each
# run, with invitations for the test accounts made by the server's own
# command. The `accounts` setup project (tests/accounts.setup.ts) accepts
# each: it chooses the password and sets up the authenticator app.
set -euo pipefail
cd "$(dirname "$0")"
db="${TMPDIR:-/tmp}/lth-e2e-${E2E_PORT:-3100}.sqlite3"
invitations="${TMPDIR:-/tmp}/lth-e2e-${E2E_PORT:-3100}-invitations.txt"
rm -f "$db" "$db-wal" "$db-shm" "$invitations"
export DATABASE_URL="sqlite://$db"
server=../target/release/server
invite() {
  local link
  link=$("$server" user invite --email "$1" --role "$2" | tail -n 1)
  printf '%s %s\n' "$1" "$link" >> "$invitations"
}
# Each project has its own accounts, so the two can run side by side; the
# "devices" ones are for "sign out everywhere", which ends their other
# sessions.
for project in js-on js-off; do
  invite "e2e-admin-$project@nhs.net" admin
  invite "e2e-editor-$project@nhs.net" editor
  invite "e2e-devices-$project@nhs.net" editor
done
exec "$server"
