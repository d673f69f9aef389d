#!/usr/bin/env bash
# The explorer in headless Chromium against the real jar on the shipped config.yml over the 1,000,000-row sample:
# first paint (navigation timing) and a 10,000-cell pivot's longest main-thread task, each beside the same query
# through the API alone, in one run. About a minute on 2 cores (the first run also writes the sample).
#
# Usage (from anywhere):  bench/web/run.sh
# Env: BENCH_RUNS (page loads per view, default 7), BENCH_ROWS (1000000), BENCH_SAMPLE (where the sample lives),
#      BENCH_PORT (a free port), BENCH_JAR (server/target/tessera.jar; built if missing).
# Needs: java, node 20+, curl, chromium and chromium-driver (apt-get install -y chromium chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
ROOT=$(pwd)
JAR=${BENCH_JAR:-server/target/tessera.jar}
ROWS=${BENCH_ROWS:-1000000}
SAMPLE=${BENCH_SAMPLE:-${TMPDIR:-/tmp}/tessera-bench-$ROWS}
RUNS=${BENCH_RUNS:-7}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PORT=${BENCH_PORT:-$(free_port)}
ADMIN_PORT=$(free_port)
for tool in java node curl /usr/bin/chromium /usr/bin/chromedriver; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
bench_ensure_jar "$JAR"
bench_ensure_sample "$JAR" "$ROWS" "$SAMPLE"

BENCH_DIR=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$BENCH_DIR"; }
trap cleanup EXIT
# The shipped config.yml as it is, run from a scratch directory whose data/sample is the sample.
mkdir -p "$BENCH_DIR/data"
ln -s "$SAMPLE" "$BENCH_DIR/data/sample"
cp config.yml "$BENCH_DIR/config.yml"
ADMIN_PASSWORD=bench-admin-password
(cd "$BENCH_DIR" && TESSERA_PORT=$PORT TESSERA_ADMIN_PORT=$ADMIN_PORT TESSERA_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  exec java -Xmx1g -jar "$ROOT/$JAR" server config.yml >"$BENCH_DIR/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 1 240); do
  curl -s -o /dev/null "http://localhost:$PORT/login" && break
  sleep 0.5
done
# Our server, not another one on the port: it is alive, and it serves the UI.
kill -0 "$SERVER_PID" 2>/dev/null && curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://localhost:$PORT/ui/" \
  | grep -q 303 || { echo "the server did not start on port $PORT" >&2; tail -n 30 "$BENCH_DIR/server.log" >&2; exit 1; }
curl -sf -o /dev/null -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d '{"username":"viewer","password":"bench-viewer-password","roles":["ROLE_USER"]}' "http://localhost:$PORT/api/v1/admin/basic-users"

echo "$(nproc) cores; $ROWS rows; $RUNS page loads per view; $(/usr/bin/chromium --version 2>/dev/null); node $(node --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/web/measure.mjs "http://localhost:$PORT" viewer bench-viewer-password "$RUNS"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
