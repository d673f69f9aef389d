#!/usr/bin/env bash
# Starts a single-node Trino 476 for the Trino engine's tests, idempotent (a running one is left as it is):
#   https://localhost:18443 (self-signed; trust store /tmp/tessera-trino/etc/truststore.jks, password changeit)
#   service account  tessera / tessera-trino-secret  (may impersonate any user, for runAsSignedInUser)
#   a second account  outsider / outsider-secret      (may impersonate nobody)
#   catalogs memory (the tests load their CSVs there) and tpch
# The server tarball comes from Maven Central through Maven's own cache; only bin/, lib/ and the plugins used are
# unpacked. Trino 476 needs JDK 24+: TRINO_JAVA_HOME (default Temurin 25). The heap is kept small (2 shared cores).
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR=${TESSERA_TRINO_HOME:-/tmp/tessera-trino}
VERSION=476
HTTP_PORT=18080
HTTPS_PORT=18443
JAVA_25=${TRINO_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SERVICE_PASSWORD=tessera-trino-secret

started() { curl -fsS "http://127.0.0.1:$HTTP_PORT/v1/info" 2>/dev/null | grep -q '"starting":false'; }

if started; then
  echo "Trino already running: https://localhost:$HTTPS_PORT"
  exit 0
fi
[ -x "$JAVA_25/bin/java" ] || { echo "Trino $VERSION needs JDK 24+; set TRINO_JAVA_HOME (looked in $JAVA_25)" >&2; exit 1; }
command -v htpasswd >/dev/null || { echo "htpasswd missing: apt-get install -y apache2-utils" >&2; exit 1; }

tarball="$HOME/.m2/repository/io/trino/trino-server/$VERSION/trino-server-$VERSION.tar.gz"
[ -f "$tarball" ] || mvn -B -q dependency:get -Dartifact="io.trino:trino-server:$VERSION:tar.gz" -Dtransitive=false
server="$HOME_DIR/trino-server-$VERSION"
if [ ! -d "$server/plugin/tpch" ]; then
  mkdir -p "$HOME_DIR"
  tar xzf "$tarball" -C "$HOME_DIR" "trino-server-$VERSION/bin" "trino-server-$VERSION/lib" \
      "trino-server-$VERSION/plugin/memory" "trino-server-$VERSION/plugin/tpch" \
      "trino-server-$VERSION/plugin/password-authenticators"
fi

etc="$HOME_DIR/etc"
mkdir -p "$etc/catalog" "$HOME_DIR/data"
if [ ! -f "$etc/keystore.jks" ]; then
  "$JAVA_25/bin/keytool" -genkeypair -alias trino -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=localhost" \
      -ext "SAN=dns:localhost,ip:127.0.0.1" -keystore "$etc/keystore.jks" -storepass changeit -keypass changeit -noprompt
  "$JAVA_25/bin/keytool" -exportcert -alias trino -keystore "$etc/keystore.jks" -storepass changeit -rfc -file "$etc/trino.pem"
  "$JAVA_25/bin/keytool" -importcert -alias trino -file "$etc/trino.pem" -keystore "$etc/truststore.jks" \
      -storepass changeit -noprompt
fi
htpasswd -B -C 10 -b -c "$etc/password.db" tessera "$SERVICE_PASSWORD" 2>/dev/null
htpasswd -B -C 10 -b "$etc/password.db" outsider outsider-secret 2>/dev/null

cat > "$etc/node.properties" <<PROPS
node.environment=tessera_test
node.id=tessera-test-trino
node.data-dir=$HOME_DIR/data
PROPS
cat > "$etc/jvm.config" <<'PROPS'
-server
-Xmx2G
-XX:+UseG1GC
-XX:+ExitOnOutOfMemoryError
-XX:-OmitStackTraceInFastThrow
-XX:ReservedCodeCacheSize=256M
-Djdk.attach.allowAttachSelf=true
-Dfile.encoding=UTF-8
-XX:+EnableDynamicAgentLoading
PROPS
cat > "$etc/config.properties" <<PROPS
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$HTTP_PORT
http-server.https.enabled=true
http-server.https.port=$HTTPS_PORT
http-server.https.keystore.path=$etc/keystore.jks
http-server.https.keystore.key=changeit
http-server.authentication.type=PASSWORD
internal-communication.shared-secret=tessera-test-internal-secret-0123456789
discovery.uri=http://localhost:$HTTP_PORT
query.max-memory=1GB
query.max-memory-per-node=512MB
task.concurrency=2
PROPS
cat > "$etc/password-authenticator.properties" <<PROPS
password-authenticator.name=file
file.password-file=$etc/password.db
PROPS
cat > "$etc/access-control.properties" <<PROPS
access-control.name=file
security.config-file=$etc/rules.json
PROPS
# The service account may act as anyone (runAsSignedInUser); anyone may act as themselves. The user "mallory"
# may not read the memory catalog: a test shows Trino's own access control applies to the signed-in user.
cat > "$etc/rules.json" <<'PROPS'
{
  "catalogs": [
    { "user": "mallory", "catalog": "memory", "allow": "none" },
    { "allow": "all" }
  ],
  "impersonation": [
    { "original_user": "tessera", "new_user": ".*", "allow": true }
  ]
}
PROPS
echo "connector.name=memory" > "$etc/catalog/memory.properties"
echo "memory.max-data-per-node=256MB" >> "$etc/catalog/memory.properties"
echo "connector.name=tpch" > "$etc/catalog/tpch.properties"

JAVA_HOME="$JAVA_25" PATH="$JAVA_25/bin:$PATH" "$server/bin/launcher" start --etc-dir "$etc" \
    --data-dir "$HOME_DIR/data" >/dev/null
for _ in $(seq 1 120); do
  started && break
  sleep 1
done
if ! started; then
  echo "Trino did not start within 120 s; see $HOME_DIR/data/var/log/server.log" >&2
  exit 1
fi
echo "Trino $VERSION ready: https://localhost:$HTTPS_PORT (tessera / $SERVICE_PASSWORD), trust store $etc/truststore.jks"
