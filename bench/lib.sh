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
