#!/usr/bin/env bash
# Browser test of the dashboard: Debian's chromium (headless) driven by puppeteer-core runs
# tests/browser/dashboard.test.mjs against a freshly built emulator and saves screenshots
# in tests/browser/screenshots/. Skips (exit 0, with a message) when chromium or node is
# missing. Installs puppeteer-core with npm (PUPPETEER_SKIP_DOWNLOAD=1: no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM="${CHROMIUM:-$(command -v chromium || true)}"
if [ -z "$CHROMIUM" ] || [ ! -x "$CHROMIUM" ]; then
  echo "test-browser: SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test-browser: SKIPPED: node and npm are needed (apt-get install nodejs npm)"
  exit 0
fi
if [ ! -x build/bolna-emulator ] || [ "${BOLNA_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/build.sh
fi
cd tests/browser
if [ ! -d node_modules/puppeteer-core ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi
export CHROMIUM
export BOLNA_EMULATOR_BINARY="${BOLNA_EMULATOR_BINARY:-$PWD/../../build/bolna-emulator}"
node --test --test-concurrency=1 dashboard.test.mjs
echo "test-browser: screenshots in tests/browser/screenshots/"
