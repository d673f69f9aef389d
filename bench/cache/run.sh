#!/usr/bin/env bash
# A cube query's latency over HTTP as a result-cache miss, a hit and a 304: one server on the sample, one user in a
# closed loop, the three phases alternating round after round, so all see the same machine. Prints a Markdown table
# and the ratios (about a minute on 2 cores after the jar and the sample exist; the sample is kept for the next run).
#
# Usage (from anywhere):  bench/cache/run.sh
# Env: BENCH_ROWS (1000000), BENCH_SAMPLE ($TMPDIR/tessera-bench-<rows>), BENCH_SECONDS (10 per phase),
#      BENCH_ROUNDS (3), BENCH_PORT (18494; uses 2 ports).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
ROWS=${BENCH_ROWS:-1000000}
TMP=${TMPDIR:-/tmp}
SAMPLE=${BENCH_SAMPLE:-$TMP/tessera-bench-$ROWS}
SECONDS_PER_PHASE=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
PORT=${BENCH_PORT:-18494}
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
bench_config "$BENCH_DIR/cache.yml" "$PORT" $((PORT + 1)) "    - { type: basic, cache: { ttl: 1h } }"
sed -n '/^engine:/,$p' config.yml | sed "s#data/sample/#$SAMPLE/#" >>"$BENCH_DIR/cache.yml"
echo "starting the server on $SAMPLE ..." >&2
bench_start cache "$BENCH_DIR/cache.yml" "$PORT"

mkdir -p "$BENCH_DIR/classes"
javac -nowarn -d "$BENCH_DIR/classes" bench/cache/CacheBench.java
echo "$(nproc) cores; $ROWS rows; $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- cube server || echo '+changes');" \
  "$ROUNDS rounds of ${SECONDS_PER_PHASE}s per phase, one client; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$BENCH_DIR/classes" CacheBench "$ADMIN_PASSWORD" "$SECONDS_PER_PHASE" "$ROUNDS" "http://localhost:$PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
