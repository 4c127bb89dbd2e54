#!/usr/bin/env bash
# Installs the Debian 12 packages owl needs to build and test, skipping the
# ones already there (so it is quick to call again). Run as root.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3
  libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
  libcurl4-openssl-dev   # the Hub client's HTTP (hf:// ids)
  openssl          # the fixture Hub's throwaway TLS certificate
  libssl-dev libzip-dev zlib1g-dev libsqlite3-dev libtomlplusplus-dev
  libmd4c-dev      # the one Markdown parse of a model card
  libhdf5-dev      # the config attributes of legacy Keras .h5 files
  libjs-chart.js   # Chart.js, embedded in census HTML pages
  chromium         # renders the census page in a test
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer targets
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# npm (test tooling only) may come from elsewhere than Debian; any npm will do.
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: run as root to install: ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
