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
JAR=${BENCH_JAR:-server/target/tessera.jar}
ROWS=${BENCH_ROWS:-10000000}
SAMPLE=${BENCH_SAMPLE:-${TMPDIR:-/tmp}/tessera-bench-$ROWS}
RUNS=${BENCH_RUNS:-11}
WARMUP=${BENCH_WARMUP:-2}
ADMIN_PASSWORD=bench-admin-password

command -v java >/dev/null && command -v javac >/dev/null || { echo "java and javac (a JDK 17) are required" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  echo "building $JAR ..." >&2
  mvn -q -B -o -pl server -DskipTests package
fi
if [ ! -f "$SAMPLE/sales.parquet" ]; then
  echo "writing the $ROWS-row sample to $SAMPLE ..." >&2
  java -jar "$JAR" sample --rows "$ROWS" --out "$SAMPLE" >&2
fi

BENCH_DIR=$(mktemp -d)
trap 'rm -rf "$BENCH_DIR"' EXIT
# The shipped cube (config.yml) plus one avg measure, result cache off, over the sample, loaded in memory; Basic with a long
# verification cache so that no password hash lands inside a timed call.
cat >"$BENCH_DIR/bench.yml" <<YAML
server:
  applicationConnectors: [ { type: http, port: 0 } ]
  adminConnectors: [ { type: http, port: 0 } ]
  requestLog: { appenders: [] }
logging: { level: WARN }
dataDirectory: $BENCH_DIR/data
database:
  driverClass: org.h2.Driver
  url: jdbc:h2:file:$BENCH_DIR/data/store
  user: tessera
  password: ""
auth:
  backends:
    - { type: basic, cache: { ttl: 1h } }
  session: { secret: "bench-session-secret-0123456789-abcdefghijkl" }
  bootstrapAdmin: { username: admin, password: "$ADMIN_PASSWORD" }
resultCache: { enabled: false }
engine:
  database: ":memory:"
  maxRows: 100000
  csvMaxRows: 1000000
  queryTimeout: 120s
  tables:
    - { name: sales,     source: $SAMPLE/sales.parquet }
    - { name: products,  source: $SAMPLE/products.parquet }
    - { name: geography, source: $SAMPLE/geography.parquet }
    - { name: customers, source: $SAMPLE/customers.parquet }
cubes:
  - name: sales
    fact: sales
    joins:
      - { table: products,  match: { product_id: product_id } }
      - { table: geography, match: { city_id: city_id } }
      - { table: customers, match: { customer_id: customer_id } }
    dimensions:
      - name: geo
        hierarchies:
          - { name: geo, levels: [ { name: continent, column: geography.continent }, { name: country, column: geography.country }, { name: city, column: geography.city } ] }
      - name: product
        hierarchies:
          - { name: product, levels: [ { name: category, column: products.category }, { name: brand, column: products.brand }, { name: product, column: products.product } ] }
      - name: customer
        hierarchies:
          - { name: segment, levels: [ { name: segment, column: customers.segment } ] }
      - name: time
        hierarchies:
          - name: time
            levels:
              - { name: year,    expression: "year(sale_date)",    type: int }
              - { name: quarter, expression: "quarter(sale_date)", type: int }
              - { name: month,   expression: "month(sale_date)",   type: int }
              - { name: date,    column: sale_date, type: date }
    measures:
      - { name: revenue,     aggregation: sum,   expression: "quantity * price" }
      - { name: quantity,    aggregation: sum,   column: quantity }
      - { name: avgQuantity, aggregation: avg,   column: quantity }
      - { name: orders,      aggregation: count }
      - { name: buyers,      aggregation: countDistinct, column: sales.customer_id }
      - { name: avgPrice,    formula: "revenue / quantity" }
YAML

mkdir -p "$BENCH_DIR/classes"
javac -nowarn -cp "$JAR" -d "$BENCH_DIR/classes" bench/ranking/RankingBench.java
echo "$(nproc) cores; $ROWS rows; $RUNS timed calls per side and case after $WARMUP warm-up; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -cp "$JAR:$BENCH_DIR/classes" RankingBench "$BENCH_DIR/bench.yml" "$ADMIN_PASSWORD" "$RUNS" "$WARMUP"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
