#!/usr/bin/env bash
# A 100,000-row answer as JSON, CSV and Arrow: time to a usable table in the Java client (and in JavaScript for
# Arrow and JSON), side by side in one run against one server. Prints Markdown tables of medians and ratios.
#
# Usage (from anywhere):  bench/clients/run.sh          # the side-by-side tables (Java client, then node)
#                         bench/clients/run.sh split    # where the ms go: server + transfer vs client parse, JSON vs Arrow
# Env: BENCH_CACHE (true: the server's result cache on, the default; false: every call runs on the engine), BENCH_RUNS (timed calls per format, default 9), BENCH_WARMUP (3), BENCH_ROWS (sample size, 200000: small, so the
#      engine's share of each call is small and the formats' share shows),
#      BENCH_SAMPLE (default $TMPDIR/tessera-bench-<rows>), BENCH_JAR (server/target/tessera.jar), BENCH_PORT (18480).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${BENCH_JAR:-server/target/tessera.jar}
ROWS=${BENCH_ROWS:-200000}
SAMPLE=${BENCH_SAMPLE:-${TMPDIR:-/tmp}/tessera-bench-$ROWS}
RUNS=${BENCH_RUNS:-9}
WARMUP=${BENCH_WARMUP:-3}
PORT=${BENCH_PORT:-18480}
CACHE=${BENCH_CACHE:-true}
MODE=${1:-tables}
ADMIN_PASSWORD=bench-admin-password

command -v node >/dev/null || { echo "node (20) is required" >&2; exit 1; }
[ -f "$JAR" ] || { echo "build the jar first: mvn -q -B -o -pl server -am -DskipTests package" >&2; exit 1; }
scripts/start-test-clients.sh
if [ ! -f "$SAMPLE/sales.parquet" ]; then
  echo "writing the $ROWS-row sample to $SAMPLE ..." >&2
  java -jar "$JAR" sample --rows "$ROWS" --out "$SAMPLE" >&2
fi

BENCH_DIR=$(mktemp -d)
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$BENCH_DIR"' EXIT
# config.yml's engine and cubes over the sample; Basic with a long verification cache, so no hash is timed.
{
  cat <<YAML
server:
  applicationConnectors: [ { type: http, port: $PORT } ]
  adminConnectors: [ { type: http, bindHost: 127.0.0.1, port: 0 } ]
  requestLog: { appenders: [] }
logging: { level: WARN }
dataDirectory: $BENCH_DIR/data
database: { driverClass: org.h2.Driver, url: "jdbc:h2:file:$BENCH_DIR/data/store", user: tessera, password: "" }
auth:
  backends: [ { type: basic, cache: { ttl: 1h } } ]
  session: { secret: "bench-session-secret-0123456789-abcdefghijkl" }
  bootstrapAdmin: { username: admin, password: "$ADMIN_PASSWORD" }
YAML
  echo "resultCache: { enabled: $CACHE }"
  sed -n '/^engine:/,$p' config.yml | sed "s#data/sample/#$SAMPLE/#"
} >"$BENCH_DIR/bench.yml"

java -Xmx1g -jar "$JAR" server "$BENCH_DIR/bench.yml" >"$BENCH_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://localhost:$PORT/login" && break
  sleep 0.5
done
curl -s -o /dev/null "http://localhost:$PORT/login" || { tail -n 30 "$BENCH_DIR/server.log" >&2; exit 1; }

mkdir -p "$BENCH_DIR/classes"
javac -nowarn -cp "$JAR" -d "$BENCH_DIR/classes" bench/clients/ClientsBench.java bench/clients/ClientsSplit.java
echo "$(nproc) cores; $ROWS-row sample; result cache $CACHE; $RUNS timed calls per format after $WARMUP warm-up;" \
  "$(java -version 2>&1 | head -1); node $(node --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
JAVA_OPTS=(-Xmx1g --add-opens=java.base/java.nio=ALL-UNNAMED -Dlogback.configurationFile="$PWD/bench/kerberos/logback-bench.xml")
if [ "$MODE" = split ]; then
  java "${JAVA_OPTS[@]}" -cp "$JAR:$BENCH_DIR/classes" ClientsSplit "http://localhost:$PORT/" admin "$ADMIN_PASSWORD" "$RUNS"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
java "${JAVA_OPTS[@]}" -cp "$JAR:$BENCH_DIR/classes" ClientsBench \
  "http://localhost:$PORT/" admin "$ADMIN_PASSWORD" "$RUNS" "$WARMUP"
node bench/clients/arrow.mjs "http://localhost:$PORT/api/v1/cubes/sales/query" \
  "Basic $(printf 'admin:%s' "$ADMIN_PASSWORD" | base64 -w0)" \
  '{"measures":["revenue","orders"],"levels":["time.date","geo.city","product.product"],"limit":100000}' "$RUNS" "$WARMUP"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
