#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb in a temp dir, SCRAM authentication only,
# listening on 127.0.0.1 on a free port, with an admin role (superuser, so it can create the team roles) and a
# database. The command sees:
#   RELATA_TEST_PG_URL       postgres://pgadmin@127.0.0.1:PORT/relata_test  (no password in it)
#   RELATA_TEST_PG_HOST / _PORT / _USER / _PASSWORD / _DB
# The cluster is stopped and its directory removed when the command ends, whatever its exit status.
#
# PostgreSQL refuses to run as root: as root every server step runs as the `postgres` user (Debian's
# `postgresql` package creates it); as another user it runs as that user.
#
# Usage: bash .ci/with-postgres.sh cargo test -p relata-core --test core team::
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: with-postgres.sh COMMAND [ARGS...]" >&2; exit 2; }

bin="${RELATA_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  pg_owner=postgres
else
  as_pg() { "$@"; }
  pg_owner="$(id -un)"
fi

base="$(mktemp -d -t relata-pg.XXXXXX)"
chown "$pg_owner" "$base"
chmod 0700 "$base"
data="$base/data"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" >"$base/pwfile"
chown "$pg_owner" "$base/pwfile"

stop() {
  if [ -f "$data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$base"
}
trap stop EXIT

# A free loopback port: ask the kernel for one, then hand it to PostgreSQL (retry if it got taken meanwhile).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

as_pg "$bin/initdb" -D "$data" -U pgadmin -A scram-sha-256 --pwfile="$base/pwfile" -E UTF8 \
  --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }
rm -f "$base/pwfile"
cat >"$data/pg_hba.conf" <<'EOF'
# Only SCRAM over loopback TCP; the Unix socket in the temp dir too, for the admin's psql.
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
EOF
chown "$pg_owner" "$data/pg_hba.conf"

started=""
for _ in 1 2 3 4 5; do
  port="$(free_port)"
  if as_pg "$bin/pg_ctl" -D "$data" -w -t 30 -l "$base/server.log" \
    -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c password_encryption=scram-sha-256 -c fsync=off" \
    start >/dev/null 2>&1; then
    started=1
    break
  fi
done
if [ -z "$started" ]; then
  echo "with-postgres.sh: the PostgreSQL cluster did not start" >&2
  cat "$base/server.log" >&2 || true
  exit 1
fi

export PGPASSWORD="$password"
"$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U pgadmin -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE relata_test" >/dev/null
unset PGPASSWORD

export RELATA_TEST_PG_HOST=127.0.0.1 RELATA_TEST_PG_PORT="$port" RELATA_TEST_PG_USER=pgadmin
export RELATA_TEST_PG_PASSWORD="$password" RELATA_TEST_PG_DB=relata_test
export RELATA_TEST_PG_URL="postgres://pgadmin@127.0.0.1:$port/relata_test"
export RELATA_TEST_PG_LOG="$base/server.log"

status=0
"$@" || status=$?
exit "$status"
