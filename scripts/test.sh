#!/usr/bin/env bash
# Set-up command 2: installs what Resonant and its tests need (Debian 12), builds everything
# with warnings as errors, and runs the whole test suite (GUI tests under Xvfb).
#
#   ./scripts/test.sh                 everything
#   ./scripts/test.sh -L dsp          only one ctest label (dsp, drivers, engine, ui, e2e, fuzz, ...)
#   ./scripts/test.sh -LE fuzz        everything but the 30-second fuzzer runs
#
# Extra arguments go to ctest. Run as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib.sh
. scripts/lib.sh

resonant_install_packages "${RESONANT_RUN_PACKAGES[@]}" "${RESONANT_TEST_PACKAGES[@]}"
# The fuzzers need clang (libFuzzer); the suite runs each for 30 s (ctest label fuzz).
resonant_build build-fuzz fuzzers -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DRESONANT_FUZZ=ON -DRESONANT_BUILD_GUI=OFF
resonant_build build-test -- -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRESONANT_WERROR=ON \
  -DRESONANT_FUZZ_BUILD_DIR="$PWD/build-fuzz"

resonant_say "running the test suite"
export SDL_AUDIODRIVER=dummy
exec xvfb-run -a -s '-screen 0 1280x800x24' \
  ctest --test-dir build-test --output-on-failure --timeout 600 -j "$(nproc 2>/dev/null || echo 2)" "$@"
