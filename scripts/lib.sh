# Shared by scripts/run.sh and scripts/test.sh: install missing Debian packages, configure
# and build. Sourced, not executed. Everything here is idempotent and quick when nothing
# changed (a dpkg query, a cached CMake configure, a no-op ninja).

# Packages to build and run Resonant (Debian 12 "bookworm" names).
RESONANT_RUN_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost-dev libeigen3-dev libsqlite3-dev libcli11-dev nlohmann-json3-dev libedf-dev
  libtomlplusplus-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libstb-dev fonts-dejavu-core
  libsdl2-dev
  libcairo2-dev
)
# Extra packages for the test suite (GUI tests run under Xvfb; the protocol fuzzers are built
# by clang with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer; the DIY sensor
# firmware is built with gcc-avr and run in simavr; the report test reads PDFs with poppler's
# pdftotext; the EDF+ export is read back through MNE as a second reader).
RESONANT_TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth
  clang libclang-rt-14-dev
  gcc-avr avr-libc binutils-avr simavr libsimavr-dev
  poppler-utils python3-mne
)

resonant_say() { printf 'resonant: %s\n' "$*" >&2; }

# resonant_install_packages PKG...: installs the ones that are missing (as root, or via sudo).
resonant_install_packages() {
  local missing=()
  local p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  resonant_say "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      resonant_say "these packages are missing and this user cannot install them: ${missing[*]}"
      resonant_say "run this script as root, or install sudo and add yourself to the sudo group"
      return 1
    fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# resonant_build BUILD_DIR [TARGET...] -- [CMAKE_ARGS...]: configures once (again only when
# the arguments change) and builds the targets (all when none given).
resonant_build() {
  local dir=$1
  shift
  local targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    targets+=("$1")
    shift
  done
  [ "${1:-}" = "--" ] && shift
  local args=("$@")
  local stamp="$dir/.resonant-configure-args"
  local wanted="${args[*]}"
  if [ ! -f "$dir/build.ninja" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    resonant_say "configuring $dir"
    cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
    printf '%s' "$wanted" >"$stamp"
  fi
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if [ ${#targets[@]} -gt 0 ]; then
    cmake --build "$dir" --parallel "$jobs" --target "${targets[@]}"
  else
    cmake --build "$dir" --parallel "$jobs"
  fi
}
