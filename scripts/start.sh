#!/usr/bin/env bash
# Builds Tessera if needed, makes the 1,000,000-row sample if absent, and starts the server on config.yml
# (embedded H2 role store and DuckDB under ./data, Basic login, a first admin printed on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f server/target/tessera.jar ]; then
  mvn -q -B -DskipTests install
fi
if [ ! -f data/sample/sales.parquet ]; then
  java -jar server/target/tessera.jar sample --rows 1000000 --out data/sample
fi
exec java ${JAVA_OPTS:-} -jar server/target/tessera.jar server config.yml
