#!/usr/bin/env bash
# The cost of each time feature over the plain query it extends, through Tessera's HTTP API on the sample (10M rows
# by default): each pair of queries runs alternately on one server (result cache off, so every call runs on DuckDB),
# and the script prints both medians and their ratio. The sample's dates run from 2022-01-01 to 2024-12-31; now is
# pinned to 2024-12-15 so relative ranges mean the same on every run. The sample has no timestamp column, so the
# time-zone conversion is not measured here.
#
# Usage (from anywhere):  bench/time/run.sh
# Env: BENCH_RUNS (timed calls per side and case, default 11), BENCH_WARMUP (2), BENCH_ROWS (10000000),
#      BENCH_SAMPLE (default $TMPDIR/tessera-bench-<rows>, shared with bench/cube/run.sh), BENCH_PORT (18590),
#      BENCH_JAR (server/target/tessera.jar; built with mvn package if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
bench_sample_settings 10000000 11 2
PORT=${BENCH_PORT:-18590}
PASSWORD=bench-admin-password

command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
bench_ensure_jar "$JAR"
bench_ensure_sample "$JAR" "$ROWS" "$SAMPLE"

BENCH_DIR=$(mktemp -d)
{
  bench_basic_yaml "127.0.0.1:$PORT" 127.0.0.1:0 "$PASSWORD"
  cat <<YAML
resultCache: { enabled: false }
engine:
  database: ":memory:"
  maxRows: 100000
  queryTimeout: 120s
  tables:
    - { name: sales,     source: $SAMPLE/sales.parquet }
    - { name: geography, source: $SAMPLE/geography.parquet }
cubes:
  - name: sales
    fact: sales
    joins: [ { table: geography, match: { city_id: city_id } } ]
    dimensions:
      - name: geo
        hierarchies: [ { name: geo, levels: [ { name: continent, column: geography.continent } ] } ]
      - name: time
        hierarchies:
          - name: time
            levels:
              - { name: year,  expression: "year(sale_date)",  type: int }
              - { name: month, expression: "month(sale_date)", type: int }
              - { name: date,  column: sale_date, type: date }
    measures:
      - { name: revenue, aggregation: sum, expression: "quantity * price" }
YAML
} >"$BENCH_DIR/bench.yml"

java -Xmx2g -jar "$JAR" server "$BENCH_DIR/bench.yml" >"$BENCH_DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$BENCH_DIR"' EXIT
for _ in $(seq 1 300); do
  curl -s -o /dev/null -u "admin:$PASSWORD" "http://127.0.0.1:$PORT/api/v1/cubes" && break
  sleep 1
done

# One call's seconds; the answer must be a 200 (a refused query would time nothing).
call() {
  local out
  out=$(curl -s -o "$BENCH_DIR/answer" -w '%{http_code} %{time_total}' -u "admin:$PASSWORD" \
        -H 'Content-Type: application/json' -d "$1" "http://127.0.0.1:$PORT/api/v1/cubes/sales/query")
  [ "${out%% *}" = 200 ] || { echo "HTTP ${out%% *} for $1: $(cat "$BENCH_DIR/answer")" >&2; exit 1; }
  echo "${out#* }"
}
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

T='"level":"time.date","granularity":"month"'
R='"dateRange":{"from":"2023-01-01","to":"2024-12-31"}'
BY_MONTH='"measures":["revenue"],"levels":["geo.continent","time.date"]'
PLAIN_MONTHS="{$BY_MONTH,\"time\":{$T,$R}}"
calc() { echo "{$BY_MONTH,\"time\":{$T,$R},\"calculations\":[$1]}"; }
CASES=(
  "granularity month|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\",\"time.year\",\"time.month\"]}|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\",\"time.date\"],\"time\":{$T}}"
  "dateRange last 12 months|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\"],\"filters\":{\"level\":\"time.date\",\"op\":\"between\",\"values\":[\"2023-12-01\",\"2024-11-30\"]}}|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\"],\"time\":{\"level\":\"time.date\",\"dateRange\":\"last 12 months\",\"now\":\"2024-12-15T12:00:00Z\"}}"
  "week starting sunday|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\",\"time.date\"],\"time\":{\"level\":\"time.date\",\"granularity\":\"week\"}}|{\"measures\":[\"revenue\"],\"levels\":[\"geo.continent\",\"time.date\"],\"time\":{\"level\":\"time.date\",\"granularity\":\"week\",\"weekStart\":\"sunday\"}}"
  "fill|$PLAIN_MONTHS|{$BY_MONTH,\"time\":{$T,$R,\"fill\":true}}"
  "previousPeriod|$PLAIN_MONTHS|$(calc '{"name":"p","type":"previousPeriod","measure":"revenue","show":"ratio"}')"
  "samePeriodLastYear|$PLAIN_MONTHS|$(calc '{"name":"p","type":"samePeriodLastYear","measure":"revenue"}')"
  "running, reset year|$PLAIN_MONTHS|$(calc '{"name":"p","type":"running","measure":"revenue","reset":"year"}')"
  "rolling 3 months|$PLAIN_MONTHS|$(calc '{"name":"p","type":"rolling","measure":"revenue","periods":3}')"
)

echo "$(nproc) cores; $ROWS rows; $RUNS timed calls per side and case after $WARMUP warm-up; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| feature | plain query (median ms) | with the feature (median ms) | ratio |"
echo "| --- | ---: | ---: | ---: |"
for c in "${CASES[@]}"; do
  IFS='|' read -r name plain feature <<<"$c"
  for _ in $(seq 1 "$WARMUP"); do call "$plain" >/dev/null; call "$feature" >/dev/null; done
  : >"$BENCH_DIR/p"; : >"$BENCH_DIR/f"
  for _ in $(seq 1 "$RUNS"); do
    call "$plain" >>"$BENCH_DIR/p"
    call "$feature" >>"$BENCH_DIR/f"
  done
  p=$(median <"$BENCH_DIR/p"); f=$(median <"$BENCH_DIR/f")
  awk -v n="$name" -v p="$p" -v f="$f" 'BEGIN {printf "| %s | %.0f | %.0f | %.2f |\n", n, p * 1000, f * 1000, f / p}'
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
