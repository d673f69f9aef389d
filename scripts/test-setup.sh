#!/usr/bin/env bash
# Installs and starts what the test suite talks to, on a fresh Debian machine with only the JDK and Maven:
# PostgreSQL (role store suite), OpenLDAP slapd (LDAP backend against a real directory), MIT Kerberos client
# tools and curl (kinit + curl --negotiate against the app), and a single-node Trino for the Trino engine's tests
# (apache2-utils for htpasswd: its password file). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
[ -x /usr/sbin/slapd ] || need+=(slapd)
command -v ldapadd >/dev/null || need+=(ldap-utils)
command -v kinit >/dev/null || need+=(krb5-user)
command -v curl >/dev/null || need+=(curl)
command -v htpasswd >/dev/null || need+=(apache2-utils)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
scripts/start-test-postgres.sh
scripts/start-test-trino.sh
