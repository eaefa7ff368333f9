#!/usr/bin/env bash
# Starts the release server for the browser tests: a fresh database file each
# run, with staff accounts made by the server's own command.
set -euo pipefail
cd "$(dirname "$0")"
db="${TMPDIR:-/tmp}/lth-e2e-${E2E_PORT:-3100}.sqlite3"
rm -f "$db" "$db-wal" "$db-shm"
export DATABASE_URL="sqlite://$db"
server=../target/release/server
printf '%s\n' "$E2E_STAFF_PASSWORD" | "$server" user add --email e2e-admin@nhs.net --role admin
printf '%s\n' "$E2E_STAFF_PASSWORD" | "$server" user add --email e2e-editor@nhs.net --role editor
# One for each project's "sign out everywhere", which ends its other sessions.
for project in js-on js-off; do
  printf '%s\n' "$E2E_STAFF_PASSWORD" | "$server" user add --email "e2e-devices-$project@nhs.net" --role editor
done
exec "$server"
