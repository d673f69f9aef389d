#!/usr/bin/env bash
# Replicas behind nginx, side by side in one run, on one PostgreSQL store (a schema of its own in tessera_test,
# scripts/start-test-postgres.sh):
#   1. requests/s through nginx with one vs two replicas (a session's GET /api/v1/cubes, wrk);
#   2. revoke-to-effect: a grant or revoke on replica A until replica B answers accordingly (RevokeLatency.java);
#   3. a refused-login flood on one locked name, audit written on the request path (auditFlushInterval: 0s)
#      vs the asynchronous writer (200 ms), requests/s on one replica each.
# Prints a Markdown table. Usage: bench/replicas/run.sh   (needs the jar: mvn -q -B -o -pl server -am -DskipTests package)
# Env: BENCH_DURATION (10s), BENCH_CONNECTIONS (8), BENCH_ROUNDS (50 grant/revoke pairs), BENCH_PORT (18580; uses 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_require
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is required (apt-get install -y nginx)" >&2; exit 1; }
PORT=${BENCH_PORT:-18580}
ROUNDS=${BENCH_ROUNDS:-50}
PG_URL=${TESSERA_TEST_POSTGRES_URL:-jdbc:postgresql://localhost:5432/tessera_test}
ADMIN_PASSWORD=bench-admin-password
BENCH_DIR=$(mktemp -d)
NGINX_PIDS=()
cleanup() {
  for pid in "${NGINX_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  bench_stop_all
  rm -rf "$BENCH_DIR"
}
trap cleanup EXIT

su postgres -c "psql -q -d tessera_test -c 'DROP SCHEMA IF EXISTS bench_replicas CASCADE; CREATE SCHEMA bench_replicas AUTHORIZATION tessera'" >/dev/null

# replica NAME PORT ADMIN_PORT AUDIT_FLUSH_INTERVAL
replica() {
  local name=$1 port=$2 admin_port=$3 flush=$4
  cat >"$BENCH_DIR/$name.yml" <<YAML
server:
  applicationConnectors: [ { type: http, bindHost: 127.0.0.1, port: $port } ]
  adminConnectors: [ { type: http, bindHost: 127.0.0.1, port: $admin_port } ]
  requestLog: { appenders: [] }
logging: { level: WARN }
dataDirectory: $BENCH_DIR/$name
database:
  driverClass: org.postgresql.Driver
  url: "$PG_URL?currentSchema=bench_replicas"
  user: tessera
  password: tessera
  maxSize: 16
auth:
  backends: [ { type: basic } ]
  session: { secret: "bench-session-secret-0123456789-abcdefghijkl" }
  bootstrapAdmin: { username: admin, password: "$ADMIN_PASSWORD" }
  auditFlushInterval: $flush
engine:
  database: ":memory:"
  tables: [ { name: orders, source: "$PWD/server/src/test/resources/cubes/orders.csv" } ]
cubes:
  - name: orders
    fact: orders
    dimensions: [ { name: geo, hierarchies: [ { name: geo, levels: [ { name: region, column: region } ] } ] } ]
    measures: [ { name: orders, aggregation: count } ]
    defaultAccess: all
YAML
  bench_start "$name" "$BENCH_DIR/$name.yml" "$port"
}

# nginx_front NAME PORT UPSTREAM_PORT...
nginx_front() {
  local name=$1 port=$2; shift 2
  local prefix=$BENCH_DIR/$name servers=""
  mkdir -p "$prefix/tmp"
  for upstream in "$@"; do servers+="    server 127.0.0.1:$upstream max_fails=0;"$'\n'; done
  sed -e "s#@PREFIX@#$prefix#g" -e "s#@PORT@#$port#g" server/src/test/resources/replicas-nginx.conf \
    | awk -v servers="$servers" '{ if ($0 == "@SERVERS@") printf "%s", servers; else print }' >"$prefix/nginx.conf"
  /usr/sbin/nginx -e "$prefix/error.log" -p "$prefix" -c "$prefix/nginx.conf" &
  NGINX_PIDS+=($!)
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && return 0; sleep 0.1; done
  echo "nginx $name did not start" >&2; cat "$prefix/error.log" >&2; exit 1
}

A=$PORT; B=$((PORT + 2)); S=$((PORT + 4)); ONE=$((PORT + 6)); TWO=$((PORT + 7))
replica a "$A" $((A + 1)) 200ms
replica b "$B" $((B + 1)) 200ms
replica sync "$S" $((S + 1)) 0s
nginx_front one "$ONE" "$A"
nginx_front two "$TWO" "$A" "$B"

admin="Authorization: Basic $(printf 'admin:%s' "$ADMIN_PASSWORD" | base64 -w0)"
for user in reader victim; do
  curl -s -o /dev/null -H "$admin" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$user-password-1234\",\"roles\":[\"ROLE_USER\"]}" \
    "http://127.0.0.1:$A/api/v1/admin/basic-users"
done
cookie=$(curl -s -D - -o /dev/null -d 'username=reader&password=reader-password-1234' "http://127.0.0.1:$A/login" \
  | sed -n 's/^Set-Cookie: \(tessera_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }
session="Cookie: $cookie"
[ "$(bench_status "http://127.0.0.1:$TWO/api/v1/cubes" "$session")" = 200 ] || { echo "no 200 through nginx" >&2; exit 1; }

bench_warmup "http://127.0.0.1:$TWO/api/v1/cubes" "$session"
one=$(bench_wrk "http://127.0.0.1:$ONE/api/v1/cubes" "$session")
two=$(bench_wrk "http://127.0.0.1:$TWO/api/v1/cubes" "$session")

latency=$(java bench/replicas/RevokeLatency.java "http://127.0.0.1:$A" "http://127.0.0.1:$B" "$ADMIN_PASSWORD" \
  reader reader-password-1234 "$ROUNDS")

# Lock 'victim' on both (the count is shared), then flood each with its wrong password.
wrong="Authorization: Basic $(printf 'victim:wrong' | base64 -w0)"
for _ in 1 2 3 4 5 6; do curl -s -o /dev/null -H "$wrong" "http://127.0.0.1:$A/api/v1/whoami"; done
[ "$(bench_status "http://127.0.0.1:$S/api/v1/whoami" "$wrong")" = 401 ] || { echo "no 401 for the flood" >&2; exit 1; }
bench_warmup "http://127.0.0.1:$S/api/v1/whoami" "$wrong"
bench_warmup "http://127.0.0.1:$A/api/v1/whoami" "$wrong"
sync=$(bench_wrk "http://127.0.0.1:$S/api/v1/whoami" "$wrong")
async=$(bench_wrk "http://127.0.0.1:$A/api/v1/whoami" "$wrong")
rows=$(su postgres -c "psql -tA -d tessera_test -c \"SELECT count(*) FROM bench_replicas.audit_log WHERE target = 'victim'\"")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo "| what | figure |"
echo "| --- | --- |"
echo "| session GET /api/v1/cubes through nginx, one replica | $one req/s |"
echo "| the same, two replicas | $two req/s ($(ratio "$two" "$one")) |"
echo "| change on A to effect on B, $((ROUNDS * 2)) grants and revokes | $latency |"
echo "| refused-login flood on a locked name, audit on the request path (auditFlushInterval 0s) | $sync req/s |"
echo "| the same, asynchronous audit writer (200 ms) | $async req/s ($(ratio "$async" "$sync")) |"
echo "| audit rows for the flooded name, both floods together | $rows |"
