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
. bench/lib.sh
bench_sample_settings 200000 9 3
PORT=${BENCH_PORT:-18480}
CACHE=${BENCH_CACHE:-true}
MODE=${1:-tables}
ADMIN_PASSWORD=bench-admin-password

command -v node >/dev/null || { echo "node (20) is required" >&2; exit 1; }
[ -f "$JAR" ] || { echo "build the jar first: mvn -q -B -o -pl server -am -DskipTests package" >&2; exit 1; }
scripts/start-test-clients.sh
bench_ensure_sample "$JAR" "$ROWS" "$SAMPLE"

BENCH_DIR=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$BENCH_DIR"' EXIT
# config.yml's engine and cubes over the sample; Basic with a long verification cache, so no hash is timed.
{
  bench_basic_yaml "$PORT" 127.0.0.1:0 "$ADMIN_PASSWORD"
  echo "resultCache: { enabled: $CACHE }"
  sed -n '/^engine:/,$p' config.yml | sed "s#data/sample/#$SAMPLE/#"
} >"$BENCH_DIR/bench.yml"

BENCH_JAR=$JAR bench_start server "$BENCH_DIR/bench.yml" "$PORT"

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
