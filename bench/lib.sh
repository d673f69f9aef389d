# Shared helpers for the load scripts: start the real jar with a config, wait for it, measure with wrk.
# Sourced, not run. Needs: java, wrk (apt-get install wrk), curl.

BENCH_JAR=${BENCH_JAR:-server/target/tessera.jar}
BENCH_DURATION=${BENCH_DURATION:-10s}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-8}
BENCH_PIDS=()

bench_require() {
  for tool in java wrk curl; do
    command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install -y $tool)" >&2; exit 1; }
  done
  [ -f "$BENCH_JAR" ] || { echo "build the jar first: mvn -q -B -DskipTests package" >&2; exit 1; }
}

# bench_start NAME CONFIG_FILE APP_PORT: starts the jar in the background, waits until it answers.
bench_start() {
  local name=$1 config=$2 port=$3
  java -Xmx1g -jar "$BENCH_JAR" server "$config" >"$BENCH_DIR/$name.log" 2>&1 &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://localhost:$port/login" && return 0
    sleep 0.5
  done
  echo "$name did not start; see $BENCH_DIR/$name.log" >&2
  tail -n 30 "$BENCH_DIR/$name.log" >&2
  exit 1
}

bench_stop_all() {
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}

# bench_wrk URL HEADER...: prints requests/s (a number).
bench_wrk() {
  local url=$1; shift
  local args=()
  for header in "$@"; do args+=(-H "$header"); done
  wrk -t2 -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" "${args[@]}" "$url" \
    | awk '/Requests\/sec/ {print $2}'
}

# bench_warmup URL HEADER...: a short untimed run, so every configuration is measured with its JIT warmed up alike.
bench_warmup() {
  BENCH_DURATION=${BENCH_WARMUP:-3s} bench_wrk "$@" >/dev/null
}

# bench_status URL HEADER: the HTTP status one request gets, to check a run measures successes.
bench_status() {
  curl -s -o /dev/null -w '%{http_code}' -H "$2" "$1"
}

# bench_config FILE PORT ADMIN_PORT BACKENDS_YAML: a config for the jar with its own store under $BENCH_DIR.
bench_config() {
  local file=$1 port=$2 admin_port=$3 backends=$4 name
  name=$(basename "$file" .yml)
  cat >"$file" <<YAML
server:
  applicationConnectors: [ { type: http, port: $port } ]
  adminConnectors: [ { type: http, port: $admin_port } ]
  requestLog: { appenders: [] }
logging: { level: WARN }
dataDirectory: $BENCH_DIR/$name
database:
  driverClass: org.h2.Driver
  url: jdbc:h2:file:$BENCH_DIR/$name/store
  user: tessera
  password: ""
auth:
  backends:
$backends
  session: { secret: "bench-session-secret-0123456789-abcdefghijkl" }
  bootstrapAdmin: { username: admin, password: "bench-admin-password" }
YAML
}

# ---- The set-up the sample-based scripts share (bench/{cube,ranking,time,clients}/run.sh) ----

# bench_sample_settings ROWS RUNS WARMUP: sets JAR, ROWS, SAMPLE, RUNS and WARMUP from BENCH_JAR, BENCH_ROWS,
# BENCH_SAMPLE, BENCH_RUNS and BENCH_WARMUP, with these defaults (the sample's directory is shared by the scripts).
bench_sample_settings() {
  JAR=${BENCH_JAR:-server/target/tessera.jar}
  ROWS=${BENCH_ROWS:-$1}
  SAMPLE=${BENCH_SAMPLE:-${TMPDIR:-/tmp}/tessera-bench-$ROWS}
  RUNS=${BENCH_RUNS:-$2}
  WARMUP=${BENCH_WARMUP:-$3}
}

# bench_ensure_jar JAR: builds this tree's jar when JAR is missing.
bench_ensure_jar() {
  if [ ! -f "$1" ]; then
    echo "building $1 ..." >&2
    mvn -q -B -o -pl server -am -DskipTests package
  fi
}

# bench_ensure_sample JAR ROWS DIR: writes the ROWS-row sample to DIR unless it is there (about 120 MB of Parquet for
# 10M rows, kept for the next run and shared by the scripts).
bench_ensure_sample() {
  if [ ! -f "$3/sales.parquet" ]; then
    echo "writing the $2-row sample to $3 ..." >&2
    java -jar "$1" sample --rows "$2" --out "$3" >&2
  fi
}

# bench_listen [HOST:]PORT: a connector's address in the YAML below.
bench_listen() {
  case $1 in
    *:*) echo "bindHost: ${1%:*}, port: ${1##*:}" ;;
    *) echo "port: $1" ;;
  esac
}

# bench_basic_yaml APP_[HOST:]PORT ADMIN_[HOST:]PORT ADMIN_PASSWORD: prints a config's head (server, store under
# $BENCH_DIR/data, auth) with Basic and a long verification cache, so that no password hash lands inside a timed call.
bench_basic_yaml() {
  cat <<YAML
server:
  applicationConnectors: [ { type: http, $(bench_listen "$1") } ]
  adminConnectors: [ { type: http, $(bench_listen "$2") } ]
  requestLog: { appenders: [] }
logging: { level: WARN }
dataDirectory: $BENCH_DIR/data
database: { driverClass: org.h2.Driver, url: "jdbc:h2:file:$BENCH_DIR/data/store", user: tessera, password: "" }
auth:
  backends: [ { type: basic, cache: { ttl: 1h } } ]
  session: { secret: "bench-session-secret-0123456789-abcdefghijkl" }
  bootstrapAdmin: { username: admin, password: "$3" }
YAML
}

# bench_sales_cube_yaml SAMPLE: prints the shipped engine and cube (config.yml) plus one avg measure over the sample,
# loaded in memory, with room for 100,000-row JSON and 1,000,000-row CSV answers.
bench_sales_cube_yaml() {
  cat <<YAML
engine:
  database: ":memory:"
  maxRows: 100000
  csvMaxRows: 1000000
  queryTimeout: 120s
  tables:
    - { name: sales,     source: $1/sales.parquet }
    - { name: products,  source: $1/products.parquet }
    - { name: geography, source: $1/geography.parquet }
    - { name: customers, source: $1/customers.parquet }
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
}

# bench_java_main JAR SOURCE CLASS ARGS...: compiles one bench class against the jar and runs it in-process with the
# server (RankingBench, CubeBench), between two load-average lines.
bench_java_main() {
  local jar=$1 source=$2 class=$3; shift 3
  mkdir -p "$BENCH_DIR/classes"
  javac -nowarn -cp "$jar" -d "$BENCH_DIR/classes" "$source"
  echo "$(nproc) cores; $ROWS rows; $RUNS timed calls per side and case after $WARMUP warm-up; $(java -version 2>&1 | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx2g -cp "$jar:$BENCH_DIR/classes" "$class" "$@"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
