#!/usr/bin/env bash
# Installs, with apt-get and only when missing, every Debian package needed to build,
# test and run the emulator, plus any packages named as arguments (scripts/fuzz.sh adds
# clang). Idempotent: a second run installs nothing. Run as root.
set -euo pipefail
packages=(
  g++ cmake make pkg-config ca-certificates ccache
  libcpp-httplib-dev nlohmann-json3-dev libboost-dev doctest-dev
  libcli11-dev libspdlog-dev libhowardhinnant-date-dev libcsv-dev
  python3 python3-pytest nodejs
  "$@"
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
