#!/usr/bin/env bash
# Starts Debian's PostgreSQL and makes the database the role-store tests use:
#   jdbc:postgresql://localhost:5432/tessera_test  user tessera  password tessera
# Idempotent: safe to run when the server is already up and the role exists.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
  exit 1
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q -h localhost -p 5432" && break
  sleep 1
done
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tessera'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE tessera LOGIN PASSWORD 'tessera'\""
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='tessera_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O tessera tessera_test"
echo "PostgreSQL $version ready: jdbc:postgresql://localhost:5432/tessera_test (tessera/tessera)"
