#!/usr/bin/env bash
# GET /api/v1/whoami with Basic credentials, verification cache on vs off, side by side in one run.
# Usage (from the project root): mvn -q -B -DskipTests package && bench/auth-basic.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require
BENCH_DIR=$(mktemp -d)
trap bench_stop_all EXIT

bench_config "$BENCH_DIR/cached.yml" 18080 18081 "    - { type: basic, cache: { ttl: 60s } }"
bench_config "$BENCH_DIR/uncached.yml" 18090 18091 "    - { type: basic, cache: { ttl: 0s } }"
bench_start cached "$BENCH_DIR/cached.yml" 18080
bench_start uncached "$BENCH_DIR/uncached.yml" 18090

AUTH="Authorization: Basic $(printf 'admin:bench-admin-password' | base64)"
for port in 18080 18090; do
  status=$(bench_status "http://localhost:$port/api/v1/whoami" "$AUTH")
  [ "$status" = 200 ] || { echo "whoami on $port answered $status, not 200" >&2; exit 1; }
done

bench_warmup http://localhost:18080/api/v1/whoami "$AUTH"
bench_warmup http://localhost:18090/api/v1/whoami "$AUTH"
cached=$(bench_wrk http://localhost:18080/api/v1/whoami "$AUTH")
uncached=$(bench_wrk http://localhost:18090/api/v1/whoami "$AUTH")
ratio=$(awk -v a="$cached" -v b="$uncached" 'BEGIN { printf "%.1f", a / b }')
echo "basic whoami requests/s: cached=$cached uncached=$uncached ratio=${ratio}x ($BENCH_CONNECTIONS connections, $BENCH_DURATION each)"
