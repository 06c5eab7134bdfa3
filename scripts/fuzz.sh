#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (ASan + UBSan) in build-fuzz/ and runs
# them one at a time, each on a copy of its committed seed corpus (fuzz/corpus/<target>/,
# never written to) with its dictionary (fuzz/<target>.dict), until `runs` executions or
# `seconds` seconds, whichever comes first. Prints per target: executions, seconds,
# exec/s, coverage (cov and ft of libFuzzer's last stats line), corpus size and crashes.
# The work dir (corpora, logs, crash artifacts) is printed; exits non-zero when any
# target crashed. Installs clang and the libFuzzer runtime with apt-get when missing.
#   scripts/fuzz.sh [target|all] [seconds=600] [runs=1000000]
# Environment: FUZZ_WORK_DIR (default: a new /tmp/bolna-fuzz.XXXXXX), FUZZ_JOBS (build
# jobs, default 2), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
all_targets=(csv multipart time scenario fixtures dispatcher)
which="${1:-all}"
seconds="${2:-600}"
runs="${3:-1000000}"
if [ "$which" = all ]; then
  targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $which "* ]]; then
  targets=("$which")
else
  echo "usage: $0 [all|${all_targets[*]// /|}] [seconds=600] [runs=1000000]" >&2
  exit 2
fi

# Debian 12's clang is clang 14; libFuzzer's runtime (libclang_rt.fuzzer) is in
# libclang-rt-14-dev, which clang does not pull in.
bash scripts/install-deps.sh clang libclang-rt-14-dev

export CCACHE_BASEDIR="$PWD"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DBOLNA_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("${t}_fuzzer"); done
cmake --build build-fuzz --target "${build_targets[@]}" -j"${FUZZ_JOBS:-2}"

work="${FUZZ_WORK_DIR:-$(mktemp -d /tmp/bolna-fuzz.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
echo "fuzz: work dir $work (per target: corpus/, artifacts/, log)"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

rows=()
crashed=0
for t in "${targets[@]}"; do
  dir="$work/$t"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -R "fuzz/corpus/$t/." "$dir/corpus/"
  dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="$PWD/fuzz/$t.dict")
  echo "fuzz: $t: up to $runs executions or $seconds s (log: $dir/log)"
  start=$(date +%s.%N)
  set +e
  bin="$PWD/build-fuzz/fuzz/${t}_fuzzer"
  # shellcheck disable=SC2086
  (cd "$dir" && "$bin" -max_total_time="$seconds" -runs="$runs" \
    -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    "${dict[@]}" ${FUZZ_ARGS:-} "$dir/corpus") >"$dir/log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$dir/log" | tail -1 || true)
  [ -n "$execs" ] || execs=$(sed -E -n 's/^#([0-9]+).*/\1/p' <<<"$last")
  cov=$(sed -E -n 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -E -n 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -E -n 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last")
  crashes=$(find "$dir/artifacts" -type f | wc -l)
  if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    crashed=1
    [ "$crashes" -gt 0 ] || crashes="exit $rc"
    echo "fuzz: $t FAILED (exit $rc); artifacts in $dir/artifacts, log $dir/log" >&2
    grep -E "ERROR|invariant|SUMMARY" "$dir/log" | head -5 >&2 || true
  fi
  eps=$(awk -v e="${execs:-0}" -v s="$elapsed" 'BEGIN { printf "%.0f", (s > 0 ? e / s : e) }')
  rows+=("$(printf '%-11s %10s %8s %8s %6s %7s %12s %8s' "$t" "${execs:-?}" "$elapsed" "$eps" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$crashes")")
done

echo
printf '%-11s %10s %8s %8s %6s %7s %12s %8s\n' target executions seconds exec/s cov ft corpus crashes
printf '%s\n' "${rows[@]}"
echo "fuzz: work dir $work"
exit "$crashed"
