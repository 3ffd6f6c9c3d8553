#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time under AddressSanitizer and
# UndefinedBehaviorSanitizer (ctest label `fuzz`, registered by tests/CMakeLists.txt).
#   run_fuzzer.sh BINARY SECONDS SEED_CORPUS_DIR WORK_DIR
# New inputs go to WORK_DIR (in the build tree), never into the seed corpus in the repository.
# A crash, a leak, a sanitizer report or a timeout makes libFuzzer exit non-zero and fails
# the test; the reproducer is left in WORK_DIR/artifacts.
set -euo pipefail
binary=$1 seconds=$2 seeds=$3 work=$4
mkdir -p "$work/corpus" "$work/artifacts"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds"
