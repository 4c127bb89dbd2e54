#!/bin/sh
# Regenerates src/identify/generated/license_index.inc (see docs/license-index.md).
# Needs node + npm (for spdx-license-list 6.x, installed into git-ignored
# tools/node_modules) and g++ (compiles the builder with owl's own tokeniser).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${OWL_CORPUS_DIR:-$root/../shared/corpus}
cd "$root"
if [ ! -d tools/node_modules/spdx-license-list ]; then
  npm install --no-save --prefix tools spdx-license-list@6
fi
# Licence texts the corpus lacks, fetched at their pinned commits (development
# time only; data/licenses/fetched_licenses.tsv).
scripts/fetch_license_texts.sh
node scripts/gen_license_index.mjs "$root/tools/node_modules" build/license-index/spdx-texts
mkdir -p build/license-index
g++ -std=c++20 -O2 -Wall -Wextra -Isrc -Iinclude -o build/license-index/gen_license_index \
  scripts/gen_license_index_main.cpp src/identify/tokenise.cpp
mkdir -p src/identify/generated
build/license-index/gen_license_index build/license-index/spdx-texts "$(cat build/license-index/spdx-texts/VERSION)" \
  data/licenses/owl_licenses.tsv "$corpus/licenses" src/identify/generated/license_index.inc \
  build/license-index/fetched
