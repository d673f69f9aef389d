#!/usr/bin/env bash
# What the client ITs need besides the JDK: clients/js's apache-arrow (npm ci from its package-lock.json), read by
# ClientIT to show JavaScript gets the same Arrow table. Idempotent: reinstalls only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/../clients/js"
stamp=node_modules/.installed-from-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
