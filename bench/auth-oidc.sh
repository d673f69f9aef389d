#!/usr/bin/env bash
# GET /api/v1/whoami four ways, side by side in one run, against an OIDC provider running outside the app:
#   Basic (verification cache on) vs a bearer JWT (checked locally, JWKS cached), and
#   an opaque token checked at the provider's user info endpoint with the cache (cache.ttl 60s) vs without (0s).
# Usage (from the project root):
#   mvn -q -B -o -pl auth-oidc install -DskipTests && mvn -q -B -o -pl server -DskipTests package && bench/auth-oidc.sh
# BENCH_DURATION (default 10s) and BENCH_CONNECTIONS (default 8) apply to each of the four wrk runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require
BENCH_DIR=$(mktemp -d)
trap bench_stop_all EXIT
# A private copy, so a rebuild of server/target while this runs cannot pull the jar from under the four apps.
cp "$BENCH_JAR" "$BENCH_DIR/tessera.jar"
BENCH_JAR=$BENCH_DIR/tessera.jar

# The provider: the auth-oidc test fixture (mock-oauth2-server) as a standalone program.
mvn -q -B -o -pl auth-oidc dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH_DIR/cp.txt" >/dev/null
M2=${M2_REPO:-$HOME/.m2/repository}/dev/tessera/auth-oidc/0.1.0-SNAPSHOT
CP="$M2/auth-oidc-0.1.0-SNAPSHOT-tests.jar:$M2/auth-oidc-0.1.0-SNAPSHOT.jar:$(cat "$BENCH_DIR/cp.txt")"
java -Xmx512m -cp "$CP" bench/oidc/BenchProvider.java "$BENCH_DIR/provider.env" >"$BENCH_DIR/provider.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 120); do [ -f "$BENCH_DIR/provider.env" ] && break; sleep 0.5; done
[ -f "$BENCH_DIR/provider.env" ] || { echo "the provider did not start; see $BENCH_DIR/provider.log" >&2; tail -n 30 "$BENCH_DIR/provider.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$BENCH_DIR/provider.env"

oidc() { # oidc PROVIDER_ID ISSUER EXTRA_YAML
  echo "    - { type: oidc, providerId: $1, issuerUrl: \"$2\", clientId: tessera, clientSecret: tessera-secret$3 }"
}
bench_config "$BENCH_DIR/basic.yml" 18280 18281 "    - { type: basic, cache: { ttl: 60s } }"
bench_config "$BENCH_DIR/jwt.yml" 18282 18283 "$(oidc auth0 "$AUTH0_ISSUER" ", nameClaim: email")"
bench_config "$BENCH_DIR/opaque-cached.yml" 18284 18285 "$(oidc corp "$CORP_ISSUER" ", accessTokenFormat: opaque, cache: { ttl: 60s }")"
bench_config "$BENCH_DIR/opaque-uncached.yml" 18286 18287 "$(oidc corp "$CORP_ISSUER" ", accessTokenFormat: opaque, cache: { ttl: 0s }")"
bench_start basic "$BENCH_DIR/basic.yml" 18280
bench_start jwt "$BENCH_DIR/jwt.yml" 18282
bench_start opaque-cached "$BENCH_DIR/opaque-cached.yml" 18284
bench_start opaque-uncached "$BENCH_DIR/opaque-uncached.yml" 18286

BASIC="Authorization: Basic $(printf 'admin:bench-admin-password' | base64)"
JWT_AUTH="Authorization: Bearer $JWT"
OPAQUE_AUTH="Authorization: Bearer $OPAQUE"
check() { # check PORT HEADER
  local status
  status=$(bench_status "http://localhost:$1/api/v1/whoami" "$2")
  [ "$status" = 200 ] || { echo "whoami on $1 answered $status, not 200" >&2; exit 1; }
}
check 18280 "$BASIC"; check 18282 "$JWT_AUTH"; check 18284 "$OPAQUE_AUTH"; check 18286 "$OPAQUE_AUTH"

basic=$(bench_wrk http://localhost:18280/api/v1/whoami "$BASIC")
jwt=$(bench_wrk http://localhost:18282/api/v1/whoami "$JWT_AUTH")
cached=$(bench_wrk http://localhost:18284/api/v1/whoami "$OPAQUE_AUTH")
uncached=$(bench_wrk http://localhost:18286/api/v1/whoami "$OPAQUE_AUTH")
# Every run must have measured successes, not fast refusals.
check 18280 "$BASIC"; check 18282 "$JWT_AUTH"; check 18284 "$OPAQUE_AUTH"; check 18286 "$OPAQUE_AUTH"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "whoami requests/s ($BENCH_CONNECTIONS connections, $BENCH_DURATION each, one run):"
echo "  basic (cached)         $basic"
echo "  bearer JWT (JWKS)      $jwt      JWT/Basic = $(ratio "$jwt" "$basic")x"
echo "  opaque, cache 60s      $cached"
echo "  opaque, no cache (0s)  $uncached      cached/uncached = $(ratio "$cached" "$uncached")x"
