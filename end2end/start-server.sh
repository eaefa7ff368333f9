#!/usr/bin/env bash
# Starts the release server for the browser tests: a fresh database file each
# run, with invitations for the test accounts made by the server's own
# command. The `accounts` setup project (tests/accounts.setup.ts) accepts
# each: it chooses the password and sets up the authenticator app. Single
# sign-on goes to the test OpenID provider (oidc-provider.mjs), started here.
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
  invite "e2e-details-$project@nhs.net" editor
  invite "e2e-owner-$project@nhs.net" staff
done
# The test OpenID provider, for "Sign in with your NHS account". Its
# standard input is a pipe whose other end the server keeps (fd 3, passed on
# by exec): when the server stops, the provider does too.
oidc_port=$(( ${E2E_PORT:-3100} + 1 ))
issuer_file="${TMPDIR:-/tmp}/lth-e2e-${E2E_PORT:-3100}-issuer.txt"
rm -f "$issuer_file"
exec 3> >(OIDC_TEST_REDIRECT_URIS="$SITE_URL/staff/sign-in/nhs/callback" \
  exec node oidc-provider.mjs --port "$oidc_port" > "$issuer_file")
for _ in $(seq 100); do
  grep -q '^issuer=' "$issuer_file" 2>/dev/null && break
  sleep 0.2
done
OIDC_ISSUER_URL=$(sed -n 's/^issuer=//p' "$issuer_file")
test -n "$OIDC_ISSUER_URL" || { echo "the test OpenID provider did not start" >&2; exit 1; }
export OIDC_ISSUER_URL OIDC_CLIENT_ID=lth-directory \
  OIDC_CLIENT_SECRET=test-client-secret-not-for-production \
  OIDC_ALLOWED_DOMAINS=nhs.net OIDC_REQUIRED_CLAIM=org_code=RR8
exec "$server"
