#!/usr/bin/env bash
# Installs the Debian 12 packages keysweep needs, only those that are missing.
# Idempotent: a second run with everything present makes no apt call at all.
set -euo pipefail

packages=(
  cmake g++ make pkg-config git python3 python3-jsonschema
  libgit2-dev libre2-dev libcli11-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libfmt-dev libssl-dev libcurl4-openssl-dev libpugixml-dev
  groff-base dpkg-dev   # checking the man page (groff), the .deb's dependencies (dpkg-shlibdeps)
)
case "$(uname -m)" in
  x86_64) packages+=(libhyperscan-dev) ;;
  *) packages+=(libvectorscan-dev) ;;   # same API, maintained fork for non-x86 CPUs
esac
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "keysweep: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "keysweep: need root or sudo to install ${missing[*]}" >&2; exit 2; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
