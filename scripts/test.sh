#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, run every test: the C++ suite
# with ctest (unit, integration, layer check), then the Python and Node helpers' suites
# against the built binary (scripts/test-clients.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 300)
bash scripts/test-clients.sh build/bolna-emulator
