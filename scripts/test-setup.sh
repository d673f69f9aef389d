#!/usr/bin/env bash
# Installs and starts what the test suite talks to, on a fresh Debian machine with only the JDK and Maven:
# PostgreSQL (role store suite), OpenLDAP slapd (LDAP backend against a real directory), MIT Kerberos client
# tools and curl (kinit + curl --negotiate against the app), chromium and chromium-driver (the browser UI's
# tests). Idempotent. The web module's build uses the machine's Node (20+) and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
command -v kinit >/dev/null || need+=(krb5-user)
command -v curl >/dev/null || need+=(curl)
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
