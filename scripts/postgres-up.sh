#!/usr/bin/env bash
# Start the machine's PostgreSQL (Debian cluster) and make the role and database the tests use.
# Idempotent; needs root (as on CI and the development machines) or a running server already.
set -euo pipefail
PGUSER_NAME=${PGUSER:-buurtkompas}
PGPASS=${PGPASSWORD:-buurtkompas}
if pg_isready -h 127.0.0.1 -q 2>/dev/null; then
  echo "postgres: already running"
else
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    pg_createcluster "$version" main
  fi
  pg_ctlcluster "$version" main start
  for _ in $(seq 1 50); do pg_isready -h 127.0.0.1 -q && break; sleep 0.2; done
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
