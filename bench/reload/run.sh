#!/usr/bin/env bash
# Query latency (p50, p99) while an admin reloads the engine's data back to back, against the same queries with no
# reload running: one server on the sample, the two phases alternating round after round, so both see the same
# machine. Prints a Markdown table and the ratios (a few minutes on 2 cores; the sample is kept for the next run).
#
# Usage (from anywhere):  bench/reload/run.sh
# Env: BENCH_ROWS (1000000), BENCH_SAMPLE ($TMPDIR/tessera-bench-<rows>), BENCH_SECONDS (20 per phase),
#      BENCH_ROUNDS (3), BENCH_CLIENTS (2 users querying in a closed loop), BENCH_PORT (18490; uses 2 ports).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-1000000}
TMP=${TMPDIR:-/tmp}
SAMPLE=${BENCH_SAMPLE:-$TMP/tessera-bench-$ROWS}
SECONDS_PER_PHASE=${BENCH_SECONDS:-20}
ROUNDS=${BENCH_ROUNDS:-3}
CLIENTS=${BENCH_CLIENTS:-2}
PORT=${BENCH_PORT:-18490}
ADMIN_PASSWORD=bench-admin-password

command -v java >/dev/null && command -v mvn >/dev/null && command -v curl >/dev/null \
  || { echo "java (JDK 17), mvn and curl are required" >&2; exit 1; }

BENCH_DIR=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$BENCH_DIR"' EXIT

echo "building the jar of this tree ..." >&2
mvn -q -B -o -pl server -am -DskipTests package >&2
BENCH_JAR=$BENCH_DIR/tessera.jar
cp server/target/tessera.jar "$BENCH_JAR"
if [ ! -f "$SAMPLE/sales.parquet" ]; then
  echo "writing the $ROWS-row sample to $SAMPLE ..." >&2
  java -jar "$BENCH_JAR" sample --rows "$ROWS" --out "$SAMPLE" >&2
fi

# The shipped config's engine and cubes over the sample; server, store and auth from bench/lib.sh.
bench_config "$BENCH_DIR/reload.yml" "$PORT" $((PORT + 1)) "    - { type: basic, cache: { ttl: 1h } }"
sed -n '/^engine:/,$p' config.yml | sed "s#data/sample/#$SAMPLE/#" >>"$BENCH_DIR/reload.yml"
echo "starting the server on $SAMPLE ..." >&2
bench_start reload "$BENCH_DIR/reload.yml" "$PORT"

mkdir -p "$BENCH_DIR/classes"
javac -nowarn -d "$BENCH_DIR/classes" bench/reload/ReloadBench.java
echo "$(nproc) cores; $ROWS rows; $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- cube server || echo '+changes');" \
  "$ROUNDS rounds of ${SECONDS_PER_PHASE}s per phase, $CLIENTS clients; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$BENCH_DIR/classes" ReloadBench "$ADMIN_PASSWORD" "$SECONDS_PER_PHASE" "$ROUNDS" "$CLIENTS" "http://localhost:$PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
