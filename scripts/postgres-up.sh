#!/usr/bin/env bash
# Start the machine's PostgreSQL (Debian cluster) and make the role and database the tests use.
# Idempotent. Starting a server and creating the role need root (as on CI); without root a
# server must already run on PGHOST:PGPORT and the role must be able to log in.
#
#   scripts/postgres-up.sh            exit 1 when PostgreSQL cannot be made ready
#   scripts/postgres-up.sh --or-skip  outside CI, say the PostgreSQL suite will be skipped and
#                                     exit 0 when no server runs and none can be started (no root,
#                                     or PostgreSQL not installed); with CI=true it fails like the
#                                     plain call (CI must run the PostgreSQL suite)
set -euo pipefail
PGUSER_NAME=${PGUSER:-buurtkompas}
PGPASS=${PGPASSWORD:-buurtkompas}
HOST=${PGHOST:-127.0.0.1}
PORT=${PGPORT:-5432}
or_skip=false
[ "${1:-}" = "--or-skip" ] && or_skip=true

ready() { pg_isready -h "$HOST" -p "$PORT" -q 2>/dev/null; }
role_logs_in() {
  PGPASSWORD=$PGPASS psql -h "$HOST" -p "$PORT" -U "$PGUSER_NAME" -d postgres -tAc "SELECT 1" \
    >/dev/null 2>&1
}

skip_or_fail() {  # $1: why PostgreSQL cannot be made ready
  if $or_skip && [ "${CI:-}" != "true" ]; then
    echo "postgres: $1: the PostgreSQL suite will be SKIPPED" \
      "(CI runs it; start a server or run as root to run it here)"
    exit 0
  fi
  [ "${CI:-}" = "true" ] && echo "postgres: CI=true, so the PostgreSQL suite must run" >&2
  echo "postgres: $1 (run scripts/postgres-up.sh as root, or start a server)" >&2
  exit 1
}

if [ "$(id -u)" != 0 ]; then
  if ready && role_logs_in; then
    echo "postgres: already running on $HOST:$PORT, role $PGUSER_NAME logs in"
    exit 0
  fi
  if ready; then
    echo "postgres: a server runs on $HOST:$PORT but role $PGUSER_NAME cannot log in with" \
      "PGPASSWORD; run scripts/postgres-up.sh once as root to create it" >&2
    exit 1
  fi
  skip_or_fail "no server on $HOST:$PORT and starting one needs root"
fi

if ready; then
  echo "postgres: already running"
else
  [ -d /usr/lib/postgresql ] || skip_or_fail "no server on $HOST:$PORT and PostgreSQL is not installed"
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main
  fi
  pg_ctlcluster "$version" main start
  for _ in $(seq 1 50); do ready && break; sleep 0.2; done
fi
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER_NAME') THEN
    CREATE ROLE $PGUSER_NAME LOGIN CREATEDB PASSWORD '$PGPASS';
  END IF;
END \$\$;
SQL
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='buurtkompas'\"" | grep -q 1 \
  || su postgres -c "createdb -O $PGUSER_NAME buurtkompas"
echo "postgres: ready (role $PGUSER_NAME)"
