#!/usr/bin/env bash
# A small query's latency from user B while user A keeps four slow queries in flight (the per-user cap), on the
# shipped engine settings (two workers on two cores, maxConcurrentQueriesPerUser 4, queryTimeout 30s), before and
# after fair scheduling, side by side in one run: both jars start on the same sample, then the phases alternate
# between them, round after round. Prints a Markdown table (about 10 minutes the first time on 2 cores: the
# "before" jar is built from git and the sample written; both are kept for the next run).
#
# Usage (from anywhere):  bench/fairness/run.sh
# Env: BENCH_BEFORE (commit of the "before" jar, default 04809ee: main before fair scheduling),
#      BENCH_ROWS (10000000), BENCH_SAMPLE ($TMPDIR/tessera-bench-<rows>), BENCH_SECONDS (30 per flood phase),
#      BENCH_ROUNDS (2), BENCH_FLOOD (4 slow queries kept in flight by A), BENCH_PORT (18480; uses 4 ports),
#      BENCH_SLOW (A's query as JSON; default distinct buyers and revenue by country and category).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
BEFORE=${BENCH_BEFORE:-04809ee}
ROWS=${BENCH_ROWS:-10000000}
TMP=${TMPDIR:-/tmp}
SAMPLE=${BENCH_SAMPLE:-$TMP/tessera-bench-$ROWS}
SECONDS_PER_PHASE=${BENCH_SECONDS:-30}
ROUNDS=${BENCH_ROUNDS:-2}
FLOOD=${BENCH_FLOOD:-4}
PORT=${BENCH_PORT:-18480}
ADMIN_PASSWORD=bench-admin-password

command -v java >/dev/null && command -v mvn >/dev/null && command -v curl >/dev/null \
  || { echo "java (JDK 17), mvn and curl are required" >&2; exit 1; }

BENCH_DIR=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$BENCH_DIR"; }
trap cleanup EXIT

# The "after" jar from this working tree (siblings from the tree too: -am), the "before" jar from git, kept by commit.
echo "building the jar of this tree ..." >&2
mvn -q -B -o -pl server -am -DskipTests package >&2
cp server/target/tessera.jar "$BENCH_DIR/after.jar"
BEFORE_SHA=$(git rev-parse --short "$BEFORE")
BEFORE_JAR=$TMP/tessera-bench-jar-$BEFORE_SHA.jar
if [ ! -f "$BEFORE_JAR" ]; then
  echo "building the jar of $BEFORE_SHA from git ..." >&2
  mkdir "$BENCH_DIR/before-src"
  git archive "$BEFORE_SHA" | tar -x -C "$BENCH_DIR/before-src"
  (cd "$BENCH_DIR/before-src" && mvn -q -B -o -pl server -am -DskipTests package >&2)
  cp "$BENCH_DIR/before-src/server/target/tessera.jar" "$BEFORE_JAR"
fi
if [ ! -f "$SAMPLE/sales.parquet" ]; then
  echo "writing the $ROWS-row sample to $SAMPLE ..." >&2
  java -jar "$BENCH_DIR/after.jar" sample --rows "$ROWS" --out "$SAMPLE" >&2
fi

# The shipped config's engine and cube over the sample; keys both jars know (the old cache keys), so each runs its own
# defaults. The server, store and auth part is bench/lib.sh's.
config() {
  local name=$1 port=$2 admin_port=$3
  bench_config "$BENCH_DIR/$name.yml" "$port" "$admin_port" "    - { type: basic, cacheTtl: 1h }"
  sed -n '/^engine:/,$p' config.yml | sed "s#data/sample/#$SAMPLE/#" >>"$BENCH_DIR/$name.yml"
}

start() {
  local name=$1 jar=$2 port=$3
  java -Xmx1g -jar "$jar" server "$BENCH_DIR/$name.yml" >"$BENCH_DIR/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://localhost:$port/login" && return 0
    sleep 0.5
  done
  echo "$name did not start; see its log:" >&2
  tail -n 30 "$BENCH_DIR/$name.log" >&2
  exit 1
}

config before $PORT $((PORT + 1))
config after $((PORT + 2)) $((PORT + 3))
echo "starting both jars on $SAMPLE ..." >&2
start before "$BEFORE_JAR" $PORT
start after "$BENCH_DIR/after.jar" $((PORT + 2))

mkdir -p "$BENCH_DIR/classes"
javac -nowarn -d "$BENCH_DIR/classes" bench/fairness/FairnessBench.java
echo "$(nproc) cores; $ROWS rows; before = $BEFORE_SHA, after = $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- cube server || echo '+changes'); $ROUNDS rounds of ${SECONDS_PER_PHASE}s, A keeps $FLOOD in flight; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$BENCH_DIR/classes" FairnessBench "$ADMIN_PASSWORD" "$SECONDS_PER_PHASE" "$ROUNDS" "$FLOOD" \
  "before=http://localhost:$PORT" "after=http://localhost:$((PORT + 2))"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
