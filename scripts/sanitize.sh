#!/usr/bin/env bash
# Builds the whole suite with a sanitizer in its own build folder and runs every ctest
# test there. Usage: scripts/sanitize.sh asan|tsan [ctest args...]
#   asan: AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   tsan: ThreadSanitizer (build-tsan/)
# Any report fails the run (halt_on_error / exit codes below). Installs what is missing
# first, like scripts/build.sh. Expect about 3x the normal build time and a slower suite.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
shift || true
exclude=""
case "$kind" in
  asan)
    dir=build-asan
    flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    ;;
  tsan)
    dir=build-tsan
    flags="-fsanitize=thread"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
    # Known false positive (TESTING.md): two event streams ending at once race, for TSan, on
    # a function-local static inside Debian's prebuilt (uninstrumented) cpp-httplib, whose
    # guard TSan cannot see. Only this test ends two streams at once; it runs in the other
    # builds.
    exclude="stream: open streams run on threads of their own"
    ;;
  *)
    echo "usage: scripts/sanitize.sh asan|tsan [ctest args...]" >&2
    exit 2
    ;;
esac
bash scripts/install-deps.sh
export CCACHE_BASEDIR="$PWD"
# -O1 with line tables only: about half the compile time of RelWithDebInfo (-O2 -g), and
# still symbolized stacks (file:line) in every report.
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1 $flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$dir" -j"$(nproc)"
cd "$dir"
ctest --output-on-failure -j"$(nproc)" --timeout 900 ${exclude:+-E "$exclude"} "$@"
