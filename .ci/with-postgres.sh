#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, started here on a free port on
# 127.0.0.1 and removed afterwards whatever the command's outcome.
# Usage: .ci/with-postgres.sh COMMAND [ARGS...]   (the command sees DATABASE_URL)
set -euo pipefail

bindir=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")
root=$(mktemp -d /tmp/mandate-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_owner() {
  # initdb refuses to run as root, so the cluster belongs to the postgres user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root"

cleanup() {
  as_owner "$bindir/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap cleanup EXIT

as_owner "$bindir/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/log" -w \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
# For tests/load's database restart: the cluster, its pg_ctl and log, and how to run as its owner.
export MANDATE_PG_DATA="$root/data" MANDATE_PG_CTL="$bindir/pg_ctl" MANDATE_PG_LOG="$root/log"
MANDATE_PG_AS_OWNER=$([ "$(id -u)" -eq 0 ] && echo "runuser -u postgres --" || true)
export MANDATE_PG_AS_OWNER
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
