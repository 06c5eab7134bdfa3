#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and start the emulator on its
# defaults (in memory, default scenario, http://127.0.0.1:8080). Extra arguments are
# passed to bolna-emulator (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec ./build/bolna-emulator "$@"
