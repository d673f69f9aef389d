#!/usr/bin/env bash
# A dashboard replayed by 16 concurrent users holding different restrictions (bench/dashboard/DashboardBench.java:
# 20 tiles: coarse group-bys, a time series by month, top-N, subtotals, filters on a country and a category) on the
# 10M-row sample, one server per phase, all phases side by side in one run, in rounds:
#   base         aggregates off, result cache off (every answer scans the facts)
#   agg          aggregates on, result cache off         (when this build knows `aggregates:`)
#   agg+cache    aggregates and result cache on          (idem)
#   cache        result cache on, no aggregates          (instead of the two above on a build without aggregates;
#                                                          on request with BENCH_PHASES: its first load is slow)
# Workloads per phase and round: the 20 tiles by 16 users, the covered tiles (those an aggregate below can answer) by
# 16 users, and the 20 tiles by one user. A phase with the cache on is measured after each user has
# opened the dashboard once (its misses, untimed; how long that took is printed).
# Prints throughput, p50 and p99 per phase and workload, the ratios to base, and each tile's p50 for one user.
# About 7-8 minutes for three phases on 2 shared cores once the jar and the sample exist (the sample, 120 MB of
# Parquet, is kept for the next run).
#
# Usage (from anywhere):  bench/dashboard/run.sh
# Env: BENCH_ROWS (10000000), BENCH_SAMPLE ($TMPDIR/tessera-bench-<rows>), BENCH_SECONDS (15 per phase,
#      workload and round), BENCH_ROUNDS (2), BENCH_USERS (16), BENCH_PORT (18530; uses 2 per phase),
#      BENCH_PHASES (default "base agg agg+cache", or "base cache" on a build without aggregates),
#      BENCH_JAR (a jar already built; default: build this tree's).
set -euo pipefail
cd "$(dirname "$0")/../.."
PREBUILT=${BENCH_JAR:-}
. bench/lib.sh
ROWS=${BENCH_ROWS:-10000000}
TMP=${TMPDIR:-/tmp}
SAMPLE=${BENCH_SAMPLE:-$TMP/tessera-bench-$ROWS}
SECONDS_PER_PHASE=${BENCH_SECONDS:-15}
ROUNDS=${BENCH_ROUNDS:-2}
USERS=${BENCH_USERS:-16}
PORT=${BENCH_PORT:-18530}
ADMIN_PASSWORD=bench-admin-password

command -v java >/dev/null && command -v mvn >/dev/null && command -v curl >/dev/null \
  || { echo "java (JDK 17), mvn and curl are required" >&2; exit 1; }

BENCH_DIR=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$BENCH_DIR"' EXIT

if [ -z "$PREBUILT" ]; then
  echo "building the jar of this tree ..." >&2
  mvn -q -B -o -pl server -am -DskipTests package >&2
fi
BENCH_JAR=$BENCH_DIR/tessera.jar
cp "${PREBUILT:-server/target/tessera.jar}" "$BENCH_JAR"
bench_ensure_sample "$BENCH_JAR" "$ROWS" "$SAMPLE"

# Aggregates over the dashboard's coarse levels. Each holds the levels the users' restrictions name (country,
# continent, category), so a restricted user's tile is covered too; the router takes the smallest that covers a query.
AGGREGATES='    aggregates:
      - { name: geo_category_year,     levels: [ geo.continent, geo.country, product.category, time.year ],
          measures: [ revenue, quantity, orders ] }
      - { name: geo_category_month,    levels: [ geo.continent, geo.country, product.category, time.year, time.quarter,
                                                 time.month ], measures: [ revenue, quantity, orders ] }
      - { name: geo_category_segment,  levels: [ geo.continent, geo.country, product.category, segment.segment, time.year ],
          measures: [ revenue, quantity, orders ] }'

# phase_config NAME PORT CACHE(true|false) AGGREGATES(yes|no): the shipped engine and cube over the sample (each user
# has one query in flight, so the per-user cap of 4 is never reached; the timeout is raised so that 16 users queueing
# for the base tables' two workers measure latency rather than 504s).
phase_config() {
  local file="$BENCH_DIR/$1.yml"
  bench_config "$file" "$2" $(($2 + 1)) "    - { type: basic, cache: { ttl: 1h } }"
  echo "resultCache: { enabled: $3 }" >>"$file"
  sed -n '/^engine:/,$p' config.yml | sed -e "s#data/sample/#$SAMPLE/#" -e 's#^  queryTimeout: .*#  queryTimeout: 300s#' >>"$file"
  if [ "$4" = yes ]; then echo "$AGGREGATES" >>"$file"; fi
}

phase_config probe 0 false yes
if [ -z "${BENCH_PHASES:-}" ]; then
  if java -jar "$BENCH_JAR" check "$BENCH_DIR/probe.yml" >"$BENCH_DIR/probe.log" 2>&1; then
    BENCH_PHASES="base agg agg+cache"
  else
    echo "this build does not accept 'aggregates:' (see below); measuring base and cache only" >&2
    grep -i -m 3 'aggregates' "$BENCH_DIR/probe.log" >&2 || tail -n 3 "$BENCH_DIR/probe.log" >&2
    BENCH_PHASES="base cache"
  fi
fi

targets=()
port=$PORT
for phase in $BENCH_PHASES; do
  case $phase in
    base) phase_config base "$port" false no ;;
    cache) phase_config cache "$port" true no ;;
    agg) phase_config agg "$port" false yes ;;
    agg+cache) phase_config agg+cache "$port" true yes ;;
    *) echo "unknown phase $phase (base, cache, agg, agg+cache)" >&2; exit 1 ;;
  esac
  echo "starting the $phase server on $SAMPLE ..." >&2
  bench_start "$phase" "$BENCH_DIR/$phase.yml" "$port"
  targets+=("$phase=http://localhost:$port")
  port=$((port + 2))
done

echo "$(nproc) cores; $ROWS rows; $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- cube server || echo '+changes');" \
  "$ROUNDS rounds of ${SECONDS_PER_PHASE}s per phase and workload; $(java -version 2>&1 | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/dashboard/DashboardBench.java "$ADMIN_PASSWORD" "$SECONDS_PER_PHASE" "$ROUNDS" "$USERS" "${targets[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
