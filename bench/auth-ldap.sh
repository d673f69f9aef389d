#!/usr/bin/env bash
# GET /api/v1/whoami with LDAP credentials against a real OpenLDAP slapd (outside the JVM), LDAP cache warm vs
# cold (every request searches, binds as the user and searches groups), side by side with the Basic backend.
# Usage (from the project root): mvn -q -B -DskipTests package && bench/auth-ldap.sh
# Needs slapd and ldap-utils (installed with apt-get when missing), wrk, curl, java.
# BENCH_DURATION (default 10s) and BENCH_CONNECTIONS (default 8) as in bench/lib.sh, each after an untimed
# BENCH_WARMUP (default 3s). BENCH_LDAP_CHAIN=1 adds a fourth jar with [basic, ldap] in that order: what an LDAP
# user pays when every request first runs Basic's Argon2 check of a name Basic does not hold (Basic's cache keeps
# only successes).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_require
if ! [ -x /usr/sbin/slapd ] || ! command -v ldapadd >/dev/null; then
  echo "installing slapd and ldap-utils" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y -q slapd ldap-utils >/dev/null
fi
BENCH_DIR=$(mktemp -d)
trap bench_stop_all EXIT
# A copy, so a build running meanwhile (mvn package replaces the jar) cannot pull it from under the JVMs.
cp "$BENCH_JAR" "$BENCH_DIR/tessera.jar"
BENCH_JAR=$BENCH_DIR/tessera.jar

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# slapd on a free loopback port with its own config and database; -d 0 keeps it in the foreground (our child).
LDAP_PORT=$(free_port)
LDAP_URL="ldap://127.0.0.1:$LDAP_PORT"
mkdir -p "$BENCH_DIR/slapd/data"
sed "s|@HOME@|$BENCH_DIR/slapd|g" bench/ldap/slapd.conf >"$BENCH_DIR/slapd/slapd.conf"
/usr/sbin/slapd -f "$BENCH_DIR/slapd/slapd.conf" -h "$LDAP_URL/" -d 0 >"$BENCH_DIR/slapd.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 50); do
  ldapsearch -x -H "$LDAP_URL" -b "" -s base >/dev/null 2>&1 && break
  sleep 0.2
done
ldapadd -x -H "$LDAP_URL" -D cn=admin,dc=example,dc=org -w admin-secret -f bench/ldap/directory.ldif >/dev/null
ldapwhoami -x -H "$LDAP_URL" -D uid=bench,ou=people,dc=example,dc=org -w bench-secret >/dev/null

ldap_backend() { # ldap_backend CACHE_TTL
  cat <<YAML
    - type: ldap
      name: corp
      urls: [ "$LDAP_URL" ]
      baseDn: dc=example,dc=org
      bindDn: cn=tessera,ou=services,dc=example,dc=org
      bindPassword: service-secret
      userSearchBase: ou=people
      userSearchFilter: "(uid={0})"
      groupSearchBase: ou=groups
      groupSearchFilter: "(member={0})"
      groupRoleAttribute: cn
      cache: { ttl: $1 }
YAML
}
# bench_config ends inside the auth: block, so the role mapping is appended to it.
map_analysts() {
  printf '  roleMappings:\n    corp:\n      analysts: [ROLE_USER]\n' >>"$1"
}

bench_config "$BENCH_DIR/basic.yml" 18280 18281 "    - { type: basic }"
bench_config "$BENCH_DIR/ldap-warm.yml" 18290 18291 "$(ldap_backend 60s)"
bench_config "$BENCH_DIR/ldap-cold.yml" 18300 18301 "$(ldap_backend 0s)"
map_analysts "$BENCH_DIR/ldap-warm.yml"
map_analysts "$BENCH_DIR/ldap-cold.yml"
# Started together (bench_start would wait for each in turn), then each awaited as bench_start does.
declare -A PID_OF
launch() { # launch NAME: the jar with $BENCH_DIR/NAME.yml, in the background
  java -Xmx1g -jar "$BENCH_JAR" server "$BENCH_DIR/$1.yml" >"$BENCH_DIR/$1.log" 2>&1 &
  BENCH_PIDS+=($!)
  PID_OF[$1]=$!
}
await() { # await NAME PORT
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://localhost:$2/login" && return 0
    kill -0 "${PID_OF[$1]}" 2>/dev/null || break
    sleep 0.5
  done
  echo "$1 did not start; see $BENCH_DIR/$1.log" >&2
  tail -n 30 "$BENCH_DIR/$1.log" >&2
  exit 1
}
launch basic
launch ldap-warm
launch ldap-cold
if [ "${BENCH_LDAP_CHAIN:-0}" = 1 ]; then
  bench_config "$BENCH_DIR/chain.yml" 18310 18311 \
    "    - { type: basic }
$(ldap_backend 60s)"
  map_analysts "$BENCH_DIR/chain.yml"
  launch chain
  await chain 18310
fi
await basic 18280
await ldap-warm 18290
await ldap-cold 18300

BASIC_AUTH="Authorization: Basic $(printf 'admin:bench-admin-password' | base64)"
LDAP_AUTH="Authorization: Basic $(printf 'bench:bench-secret' | base64)"
check() { # check PORT HEADER: the run must measure successes, as the LDAP user with the mapped role
  local status body
  status=$(bench_status "http://localhost:$1/api/v1/whoami" "$2")
  [ "$status" = 200 ] || { echo "whoami on $1 answered $status, not 200" >&2; exit 1; }
  body=$(curl -s -H "$2" "http://localhost:$1/api/v1/whoami")
  case "$2:$body" in
    "$LDAP_AUTH:"*'"backend":"corp"'*'"ROLE_USER"'*|"$BASIC_AUTH:"*) ;;
    *) echo "whoami on $1 is not the mapped LDAP user: $body" >&2; exit 1 ;;
  esac
}
check 18280 "$BASIC_AUTH"
check 18290 "$LDAP_AUTH"
check 18300 "$LDAP_AUTH"

bench_warmup http://localhost:18280/api/v1/whoami "$BASIC_AUTH"
bench_warmup http://localhost:18290/api/v1/whoami "$LDAP_AUTH"
bench_warmup http://localhost:18300/api/v1/whoami "$LDAP_AUTH"
basic=$(bench_wrk http://localhost:18280/api/v1/whoami "$BASIC_AUTH")
warm=$(bench_wrk http://localhost:18290/api/v1/whoami "$LDAP_AUTH")
cold=$(bench_wrk http://localhost:18300/api/v1/whoami "$LDAP_AUTH")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "whoami requests/s ($BENCH_CONNECTIONS connections, $BENCH_DURATION each, slapd $(/usr/sbin/slapd -VV 2>&1 | awk '/slapd/ {print $4; exit}')):"
echo "  basic (cached)          $basic"
echo "  ldap, cache warm (60s)  $warm"
echo "  ldap, no cache (0s)     $cold"
echo "  ldap warm / ldap cold   $(ratio "$warm" "$cold")x"
echo "  ldap warm / basic       $(ratio "$warm" "$basic")x"
if [ "${BENCH_LDAP_CHAIN:-0}" = 1 ]; then
  check 18310 "$LDAP_AUTH"
  bench_warmup http://localhost:18310/api/v1/whoami "$LDAP_AUTH"
  chain=$(bench_wrk http://localhost:18310/api/v1/whoami "$LDAP_AUTH")
  echo "  [basic, ldap], ldap user $chain  (ldap warm alone is $(ratio "$warm" "$chain")x this)"
fi
