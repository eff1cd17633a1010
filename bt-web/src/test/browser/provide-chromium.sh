#!/usr/bin/env bash
# Runs before bt-web's tests (exec-maven-plugin, phase process-test-classes): makes sure Debian's
# chromium and chromedriver are there for the browser tests, installing them from the
# distribution's packages when the build runs as root on Debian or Ubuntu. It never fails the
# build by itself: without a browser, the browser tests fail and say what to install.
set -u
browser="${BT_CHROMIUM:-/usr/bin/chromium}"
driver="${BT_CHROMEDRIVER:-/usr/bin/chromedriver}"
if [ -x "$browser" ] && [ -x "$driver" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "[bt-web] $browser or $driver is missing; as root run: apt-get install -y chromium chromium-driver" >&2
  exit 0
fi
echo "[bt-web] installing chromium and chromium-driver from the distribution's packages for the browser tests"
for attempt in 1 2 3 4 5 6; do # another apt may hold the lock for a while
  if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; then
    exit 0
  fi
  sleep 10
done
echo "[bt-web] could not install chromium and chromium-driver; the browser tests will fail" >&2
exit 0
