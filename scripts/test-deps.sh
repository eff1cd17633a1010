#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need and a fresh machine lacks: Chromium and
# ChromeDriver (the dashboard's browser tests) and redis-server (the Redis store's tests). Does
# nothing when they are there. Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0

echo "test-deps: installing ${need[*]} from Debian's packages"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "test-deps: ${need[*]} missing and neither root nor sudo: install them, then run again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
