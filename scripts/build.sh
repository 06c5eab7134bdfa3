#!/usr/bin/env bash
# Installs missing packages, then configures and builds everything under build/.
# Idempotent; an up-to-date tree builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Paths under the clone are hashed relative to it, so every clone shares one ccache.
export CCACHE_BASEDIR="$PWD"
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" >/dev/null
cmake --build build -j"$(nproc)"
