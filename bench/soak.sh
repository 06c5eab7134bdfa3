#!/usr/bin/env bash
# Soak test (issue 14): 30 minutes of mixed load against one emulator, RSS sampled every 10 s.
#
# Builds Release (scripts/build.sh), starts a flaky webhook receiver (bench/soak_receiver.py:
# 3 loopback ports, 500 on 20% of posts, a 3 s hang on 1%, past --webhook-timeout 2) and the
# emulator on a free loopback port, then runs bench/soak_load.py (6 workers, each its own
# tenant: agents, calls, polling, batches, clock moves, faults, webhooks; a reset (and sink clear) every 20 s
# and a fresh key every 150 s, old tenants left to --max-tenants eviction). It writes
# OUT/rss.csv (elapsed_s,rss_kib,requests,errors), OUT/metrics.csv (emulator gauges) and the
# logs, prints the summary and exits non-zero if any request failed unexpectedly, if RSS after
# the warm-up (5 min; a third of shorter runs) spread more than 5%, or if the emulator did not
# stop cleanly on SIGTERM afterwards. Everything stops by itself: the driver after MINUTES,
# a `timeout` of MINUTES + 5 min around it, the receiver after MINUTES + 10 min.
#
# Emulator flags (see README "Options"): --clock manual (the load moves each tenant's clock;
# worker 0 switches its tenant to realtime at speed 60), --max-tenants 10, --webhook-timeout 2,
# --admin-token (metrics), --log-level warn, --seed 14; everything else default.
#
# Usage: bench/soak.sh [minutes=30] [out_dir=mktemp]   (SOAK_SKIP_BUILD=1: use build/ as is)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-30}"
OUT="${2:-$(mktemp -d /tmp/soak.XXXXXX)}"
mkdir -p "$OUT"
PY=/usr/bin/python3
ADMIN=soak-admin
[[ "$MINUTES" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "soak: minutes must be a number" >&2; exit 2; }
BOUND_S=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 + 300 }')

if [ "${SOAK_SKIP_BUILD:-0}" != 1 ]; then
  export CCACHE_BASEDIR="$PWD"
  bash scripts/build.sh >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; exit 1; }
fi

RECV_PID="" EMU_PID="" LOAD_PID=""
cleanup() {  # the driver (timeout passes the signal on), the emulator, the receiver
  for pid in $LOAD_PID $EMU_PID $RECV_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in $LOAD_PID $EMU_PID $RECV_PID; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_line() {  # file, prefix: prints what follows the prefix once the line appears (10 s bound)
  for _ in $(seq 1 200); do
    if grep -q "^$2" "$1" 2>/dev/null; then sed -n "s/^$2//p" "$1" | head -1; return 0; fi
    sleep 0.05
  done
  return 1
}

"$PY" bench/soak_receiver.py --ports 3 --fail 0.2 --hang 0.01 --hang-s 3 \
  --max-seconds "$((BOUND_S + 300))" >"$OUT/receiver.out" 2>"$OUT/receiver.err" &
RECV_PID=$!
PORTS="$(wait_line "$OUT/receiver.out" 'listening on ')" || { echo "soak: receiver did not start" >&2; exit 1; }

build/bolna-emulator --port 0 --clock manual --max-tenants 10 --webhook-timeout 2 \
  --admin-token "$ADMIN" --log-level warn --seed 14 >"$OUT/emulator.out" 2>"$OUT/emulator.err" &
EMU_PID=$!
URL="$(wait_line "$OUT/emulator.out" 'listening on ')" || { echo "soak: emulator did not start" >&2; cat "$OUT/emulator.err" >&2; exit 1; }
PORT="${URL##*:}"

echo "soak: $MINUTES min; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "soak: emulator pid $EMU_PID on $URL, receiver ports $PORTS, output in $OUT"
echo "soak: progress: tail -f $OUT/rss.csv; errors as they happen: $OUT/load.err"
# In the background and waited for, so that a signal to this script runs its traps at once.
timeout "$BOUND_S" "$PY" bench/soak_load.py --port "$PORT" --pid "$EMU_PID" --receiver-ports "$PORTS" \
  --admin-token "$ADMIN" --minutes "$MINUTES" --csv "$OUT/rss.csv" --metrics-csv "$OUT/metrics.csv" \
  >"$OUT/summary.txt" 2>"$OUT/load.err" &
LOAD_PID=$!
RC=0
wait "$LOAD_PID" || RC=$?
LOAD_PID=""
head -20 "$OUT/load.err" >&2
cat "$OUT/summary.txt"

# A clean stop after the soak is part of the check: SIGTERM, exit 0 within 5 s.
kill -TERM "$EMU_PID"
for _ in $(seq 1 50); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$EMU_PID" 2>/dev/null; then
  echo "soak: FAIL: the emulator did not exit within 5 s of SIGTERM" | tee -a "$OUT/summary.txt"; RC=1
else
  EMU_RC=0; wait "$EMU_PID" || EMU_RC=$?
  [ "$EMU_RC" = 0 ] || { echo "soak: FAIL: the emulator exited $EMU_RC on SIGTERM" | tee -a "$OUT/summary.txt"; RC=1; }
fi
EMU_PID=""
echo "soak: emulator warnings/errors logged: $(grep -c . "$OUT/emulator.err" || true) lines (see $OUT/emulator.err)"
exit "$RC"
