#!/usr/bin/env bash
# Installs and starts what the test suite talks to, on a fresh Debian machine with only the JDK and Maven:
# PostgreSQL (role store suite), OpenLDAP slapd (LDAP backend against a real directory), MIT Kerberos client
# tools and curl (kinit + curl --negotiate against the app), nginx (ReplicasIT's load balancer; the test starts it,
# not the system service), Python's requests, requests-kerberos and pandas and clients/js's npm packages (client
# ITs), a single-node Trino for the Trino engine's tests (apache2-utils for htpasswd: its password file), and
# chromium and chromium-driver (the browser UI's tests). Idempotent. The web module's build uses the machine's Node
# (20+) and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
command -v kinit >/dev/null || need+=(krb5-user)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/sbin/nginx ] || need+=(nginx)   # ReplicasIT starts its own, with its own config, in front of two replicas
# Client ITs: the README's Python recipes run with Debian's python3 and these three libraries.
/usr/bin/python3 -c 'import requests' 2>/dev/null || need+=(python3-requests)
/usr/bin/python3 -c 'import requests_kerberos' 2>/dev/null || need+=(python3-requests-kerberos)
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need+=(python3-pandas)
command -v htpasswd >/dev/null || need+=(apache2-utils)
# The browser tests (*BrowserIT) drive Debian's chromium through its chromedriver.
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
scripts/start-test-postgres.sh
scripts/start-test-clients.sh
scripts/start-test-trino.sh
