#!/usr/bin/env bash
# Builds the emulator (Release) and runs the batch benchmark: a 100,000-row CSV batch
# uploaded, processed and run to completion on the manual clock, over loopback HTTP.
# Usage: bench/run.sh [rows=100000] [max_concurrency=10]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
/usr/bin/time -f "wall %e s, max RSS %M KiB (time -f)" ./build/batch_bench "${1:-100000}" "${2:-10}"
