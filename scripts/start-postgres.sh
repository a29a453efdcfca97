#!/usr/bin/env bash
# Start the local PostgreSQL cluster (if not running) and make a role for the
# tests with a fresh random password. Prints `export TEST_DATABASE_URL=…`.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster_status=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')
if [ -z "$cluster_status" ]; then
  pg_createcluster "$version" main >&2
fi
if [ "$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}')" != "online" ]; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tinhso_ci') THEN
    CREATE ROLE tinhso_ci LOGIN CREATEDB;
  END IF;
END \$\$;
ALTER ROLE tinhso_ci WITH PASSWORD '$password';
SQL
if ! su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='tinhso_ci'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O tinhso_ci tinhso_ci" >&2
fi
echo "export TEST_DATABASE_URL=postgres://tinhso_ci:$password@127.0.0.1:$port/tinhso_ci"
