#!/usr/bin/env bash
# Set-up command 1: installs what Resonant needs (Debian 12), builds it, and starts it.
#
#   ./scripts/run.sh                      the dashboard, with the built-in simulated person
#   ./scripts/run.sh --port /dev/ttyUSB0  the dashboard, with a sensor on that port
#
# Without a display it says so in one line and runs a live session in this terminal instead
# (resonant-cli session), with the same source options. Run as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib.sh
. scripts/lib.sh

resonant_install_packages "${RESONANT_RUN_PACKAGES[@]}"
resonant_build build resonant resonant-cli -- -DCMAKE_BUILD_TYPE=Release -DRESONANT_BUILD_TESTS=OFF \
  >/dev/null

if build/src/app/resonant --check-display 2>/dev/null; then
  exec build/src/app/resonant "$@"
fi

echo "No display available (${DISPLAY:+DISPLAY=$DISPLAY cannot be opened}${DISPLAY:-DISPLAY is not set}): running a headless live session in this terminal instead; Ctrl-C stops it."
session_args=("$@")
has_source=0
for a in "$@"; do
  case "$a" in --port | --port=* | --simulate) has_source=1 ;; esac
done
[ "$has_source" -eq 1 ] || session_args=(--simulate "${session_args[@]}")
exec build/src/cli/resonant-cli session "${session_args[@]}"
