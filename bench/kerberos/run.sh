#!/usr/bin/env bash
# Kerberos: GET /api/v1/whoami with a fresh SPNEGO handshake per request vs the session cookie obtained once from
# GET /login/kerberos, side by side in one run (about 70 s).
#
# Usage (from the project root; builds nothing itself):
#   mvn -q -B -DskipTests package                   # server/target/tessera.jar
#   mvn -q -B -o -pl server test-compile            # the KDC and the load driver live in the server's test classes
#   bench/kerberos/run.sh [path/to/tessera.jar]
#
# Pieces: a Kerby KDC in its own JVM (BenchKdcMain: realm TESSERA.TEST, alice, HTTP/localhost keytab), the app jar
# with basic + kerberos backends, MIT kinit + curl --negotiate as a sanity check and to get a cookie for wrk, and a
# Java load driver (KerberosLoadDriver), since wrk cannot make a GSS token per request.
# Env: BENCH_SECONDS (driver, per run, default 8), BENCH_DURATION (wrk, default 8s), BENCH_CONNECTIONS (wrk, 8).
set -euo pipefail
cd "$(dirname "$0")/../.."
export BENCH_JAR=${1:-${BENCH_JAR:-server/target/tessera.jar}}
export BENCH_DURATION=${BENCH_DURATION:-8s}
BENCH_SECONDS=${BENCH_SECONDS:-8}
source bench/lib.sh
bench_require
for tool in kinit curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install -y krb5-user curl)" >&2; exit 1; }
done
TEST_CLASSES=server/target/test-classes
[ -f "$TEST_CLASSES/dev/tessera/server/kerberos/KerberosLoadDriver.class" ] \
  || { echo "compile the server's test classes first: mvn -q -B -o -pl server test-compile" >&2; exit 1; }
CP_FILE=server/target/kerberos-bench.classpath
if [ ! -s "$CP_FILE" ]; then   # resolves the test classpath from ~/.m2; compiles nothing
  mvn -q -B -o -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE"
fi

BENCH_DIR=$(mktemp -d)
trap 'bench_stop_all; rm -rf "$BENCH_DIR"' EXIT
# Private copies: a concurrent mvn build in server/target must not pull classes from under a running JVM.
cp -r "$TEST_CLASSES" "$BENCH_DIR/test-classes"
cp "$BENCH_JAR" "$BENCH_DIR/tessera.jar"
BENCH_JAR=$BENCH_DIR/tessera.jar
TEST_CP="$BENCH_DIR/test-classes:$(cat "$CP_FILE")"
TEST_JAVA=(java -Dlogback.configurationFile="$PWD/bench/kerberos/logback-bench.xml" -cp "$TEST_CP")
PORT=18180

"${TEST_JAVA[@]}" dev.tessera.server.kerberos.BenchKdcMain "$BENCH_DIR/kdc.env" >"$BENCH_DIR/kdc.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 60); do [ -f "$BENCH_DIR/kdc.env" ] && break; sleep 0.5; done
[ -f "$BENCH_DIR/kdc.env" ] || { echo "the KDC did not start:" >&2; tail -n 30 "$BENCH_DIR/kdc.log" >&2; exit 1; }
source "$BENCH_DIR/kdc.env"

bench_config "$BENCH_DIR/kerberos.yml" "$PORT" $((PORT + 1)) "    - type: basic
    - type: kerberos
      servicePrincipal: $KDC_SERVICE_PRINCIPAL
      keytab: $KDC_KEYTAB
      krb5Config: $KDC_KRB5_CONF"
bench_start kerberos "$BENCH_DIR/kerberos.yml" "$PORT"
BASE=http://localhost:$PORT

ADMIN="Authorization: Basic $(printf 'admin:bench-admin-password' | base64)"
status=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$ADMIN" "$BASE/api/v1/admin/users/alice/roles/ROLE_USER")
[ "$status" = 200 ] || { echo "granting ROLE_USER to alice answered $status" >&2; exit 1; }

# MIT tools: kinit alice, one Negotiate request, then /login/kerberos for the cookie wrk uses.
export KRB5_CONFIG=$KDC_KRB5_CONF KRB5CCNAME=FILE:$BENCH_DIR/alice.ccache
printf '%s\n' "$KDC_ALICE_PASSWORD" | kinit "$KDC_ALICE" >/dev/null
status=$(curl -s -o /dev/null -w '%{http_code}' --negotiate -u : "$BASE/api/v1/cubes")
[ "$status" != 401 ] && [ "$status" != 403 ] || { echo "curl --negotiate /api/v1/cubes answered $status" >&2; exit 1; }
curl -s -o /dev/null --negotiate -u : -c "$BENCH_DIR/cookies.txt" "$BASE/login/kerberos"
COOKIE="Cookie: tessera_session=$(awk '$6 == "tessera_session" {print $7}' "$BENCH_DIR/cookies.txt")"
status=$(bench_status "$BASE/api/v1/whoami" "$COOKIE")
[ "$status" = 200 ] || { echo "whoami with the session cookie answered $status" >&2; exit 1; }

echo "driver: GET /api/v1/whoami, closed loop, 2x6s warm-up, then per thread count ${BENCH_SECONDS} one-second slices of each mode, interleaved" >&2
RESULTS=$("${TEST_JAVA[@]}" dev.tessera.server.kerberos.KerberosLoadDriver measure "$BASE" "$KDC_KRB5_CONF" \
  "$KDC_ALICE" "$KDC_ALICE_PASSWORD" "$BENCH_SECONDS" ${BENCH_THREADS:-1,2} | grep '^RESULT')
echo "wrk: session cookie, $BENCH_CONNECTIONS connections, $BENCH_DURATION" >&2
WRK_COOKIE=$(bench_wrk "$BASE/api/v1/whoami" "$COOKIE")

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
row() { # mode threads
  echo "$RESULTS" | awk -v m="$1" -v t="threads=$2" '$2 == m && $3 == t'
}
echo
echo "| client | threads/connections | Negotiate per request (req/s) | session cookie (req/s) | cookie / Negotiate |"
echo "|---|---|---|---|---|"
for threads in 1 2; do
  neg=$(row negotiate "$threads" | field rps); coo=$(row cookie "$threads" | field rps)
  negp=$(row negotiate "$threads" | field p50); coop=$(row cookie "$threads" | field p50)
  ratio=$(awk -v a="$coo" -v b="$neg" 'BEGIN { printf "%.1f", a / b }')
  echo "| Java driver | $threads | $neg (p50 $negp) | $coo (p50 $coop) | ${ratio}x |"
done
neg2=$(row negotiate 2 | field rps)
echo "| wrk | $BENCH_CONNECTIONS | (wrk cannot make GSS tokens) | $WRK_COOKIE | $(awk -v a="$WRK_COOKIE" -v b="$neg2" 'BEGIN { printf "%.1f", a / b }')x vs driver Negotiate, 2 threads |"
echo
echo "$RESULTS" | sed 's/^RESULT /raw: /'
errors=$(echo "$RESULTS" | field errors | awk '{ s += $1 } END { print s + 0 }')
[ "$errors" = 0 ] || { echo "WARNING: $errors requests did not answer 200" >&2; }
