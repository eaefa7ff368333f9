#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: created in a temporary
# directory, listening on 127.0.0.1 only, stopped and deleted when the command
# ends. The command finds it in TEST_POSTGRES_URL (a database it may use, and
# a server it may create more databases on), and TLS on it with
# TEST_POSTGRES_CA.
#
# PostgreSQL refuses to run as root, so as root (CI) the cluster runs as the
# `postgres` user Debian's package creates. Settings are for tests, not for
# keeping data: no fsync, nothing waits for the disk.
#
#   scripts/with-postgres.sh cargo test -p server --test integration -- staff::
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with-postgres: PostgreSQL is missing (make setup installs it)" >&2; exit 1; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/lth-postgres.XXXXXX")
chmod 755 "$dir"
[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

# TLS as production would have it: a certificate for localhost and 127.0.0.1
# from a CA of the cluster's own (TEST_POSTGRES_CA), and another CA that
# signed nothing here (TEST_POSTGRES_OTHER_CA), for a connection that must
# be refused. Clients may still connect in plain text, as the tests mostly do.
tls="$dir/tls"
mkdir -p "$tls"
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
    -keyout "$tls/$1.key" -out "$tls/$1.crt" 2>/dev/null
}
make_ca lth-test-ca
make_ca lth-other-ca
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
  -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
openssl x509 -req -in "$tls/server.csr" -CA "$tls/lth-test-ca.crt" -CAkey "$tls/lth-test-ca.key" \
  -CAcreateserial -days 2 -out "$tls/server.crt" \
  -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth') 2>/dev/null
chmod 600 "$tls/server.key"
[ ${#as_owner[@]} -eq 0 ] || chown -R postgres: "$tls"

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
# `$dir/pg_ctl stop|start`: the cluster stopped and started again, for tests
# of what the site does while its database is down (TEST_POSTGRES_CTL).
cat >"$dir/pg_ctl" <<CTL
#!/usr/bin/env bash
exec ${as_owner[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -m fast -o \\
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 \\
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off \\
   -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key" "\$@"
CTL
chmod 755 "$dir/pg_ctl"
"$dir/pg_ctl" start >/dev/null
"${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres lth

export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/lth"
export TEST_POSTGRES_CA="$tls/lth-test-ca.crt" TEST_POSTGRES_OTHER_CA="$tls/lth-other-ca.crt"
export TEST_POSTGRES_CTL="$dir/pg_ctl" TEST_POSTGRES_BIN="$bin"
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
