#!/usr/bin/env bash
# The cost of rank, share and top (issue 16) over the plain query each extends, through Tessera's HTTP API on the
# 10M-row sample, result cache off: each pair called alternately in one JVM. Prints medians and ratios (target <= 2x).
# The sample is the one bench/cube/run.sh writes (about 120 MB of Parquet, kept for the next run).
#
# Usage (from anywhere):  bench/ranking/run.sh
# Env: BENCH_RUNS (timed calls per side and case, default 11), BENCH_WARMUP (2), BENCH_ROWS (10000000),
#      BENCH_SAMPLE (where the sample lives, default $TMPDIR/tessera-bench-<rows>),
#      BENCH_JAR (server/target/tessera.jar; built with mvn package if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_sample_settings 10000000 11 2
ADMIN_PASSWORD=bench-admin-password

command -v java >/dev/null && command -v javac >/dev/null || { echo "java and javac (a JDK 17) are required" >&2; exit 1; }
bench_ensure_jar "$JAR"
bench_ensure_sample "$JAR" "$ROWS" "$SAMPLE"

BENCH_DIR=$(mktemp -d)
trap 'rm -rf "$BENCH_DIR"' EXIT
{
  bench_basic_yaml 0 0 "$ADMIN_PASSWORD"
  echo 'resultCache: { enabled: false }'
  bench_sales_cube_yaml "$SAMPLE"
} >"$BENCH_DIR/bench.yml"

bench_java_main "$JAR" bench/ranking/RankingBench.java RankingBench "$BENCH_DIR/bench.yml" "$ADMIN_PASSWORD" "$RUNS" "$WARMUP"
