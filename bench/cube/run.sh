#!/usr/bin/env bash
# Cube queries through Tessera's HTTP API beside the same SQL run directly on DuckDB, in one JVM, on the 10M-row
# sample: (a) 2-level group-by, (b) the same under a 3-country restriction, (c) GROUPING SETS subtotals,
# (d) top-100, (e) a 100,000-row answer as JSON and as CSV. Prints medians and ratios (about 3-4 minutes on 2 cores,
# the first run also writes the sample, about 120 MB of Parquet, kept for the next run).
#
# Usage (from anywhere):  bench/cube/run.sh
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
  bench_sales_cube_yaml "$SAMPLE"
  echo 'resultCache: { enabled: false }'   # every call runs on the engine, as the direct side does
} >"$BENCH_DIR/bench.yml"

bench_java_main "$JAR" bench/cube/CubeBench.java CubeBench "$BENCH_DIR/bench.yml" "$ADMIN_PASSWORD" "$RUNS" "$WARMUP"
