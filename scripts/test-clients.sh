#!/usr/bin/env bash
# Tests of the client helpers (clients/) against a real bolna-emulator binary: the Python
# helpers and pytest plugin with /usr/bin/python3 -m pytest, the Node helpers with
# node --test. Usage: scripts/test-clients.sh [path-to-binary] (default build/bolna-emulator).
# Exits non-zero when any test fails. Every test talks to loopback only and moves the
# virtual clock itself; nothing waits on the wall clock for a transition.
set -uo pipefail
cd "$(dirname "$0")/.."

binary=${1:-build/bolna-emulator}
if [[ ! -x "$binary" ]]; then
  echo "test-clients: no executable bolna-emulator at '$binary' (build it: scripts/build.sh)" >&2
  exit 2
fi
export BOLNA_EMULATOR_BINARY
BOLNA_EMULATOR_BINARY=$(realpath "$binary")
unset BOLNA_EMULATOR_URL BOLNA_EMULATOR_KEY BOLNA_EMULATOR_ADMIN_TOKEN
python=${PYTHON:-/usr/bin/python3}
node=${NODE:-node}

status=0
echo "== Python helpers: $python -m pytest (binary $BOLNA_EMULATOR_BINARY)"
(cd clients/python && timeout 900 "$python" -m pytest -p no:cacheprovider -ra) || status=1

echo
echo "== Node helpers: $node --test"
(cd clients/node && timeout 900 "$node" --test --test-reporter=spec test/) || status=1

echo
if [[ $status -eq 0 ]]; then echo "test-clients: all passed"; else echo "test-clients: FAILED" >&2; fi
exit $status
