#!/bin/sh
# Fetches the licence texts listed in data/licenses/fetched_licenses.tsv (texts
# not in ../shared/corpus/licenses) into the git-ignored build/license-index/fetched/,
# at the pinned commit, for scripts/gen_license_index.sh. Development time only:
# nothing here runs at build or run time, and the texts are never committed.
# A file already present is kept (copy it in by hand where GitHub is out of reach:
# `git show COMMIT:PATH > build/license-index/fetched/SHORT_ID/FILE`).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build/license-index/fetched"
mkdir -p "$out"
grep -v '^#' "$root/data/licenses/fetched_licenses.tsv" | tail -n +2 |
  while IFS="$(printf '\t')" read -r short repo path commit description; do
    [ -n "$short" ] || continue
    dest="$out/$short/$(basename "$path")"
    [ -s "$dest" ] && continue
    mkdir -p "$out/$short"
    echo "fetching $repo/$path@$commit"
    curl -fsSL "https://raw.githubusercontent.com/$repo/$commit/$path" -o "$dest.tmp"
    mv "$dest.tmp" "$dest"
  done
grep -v '^#' "$root/data/licenses/fetched_licenses.tsv" > "$out/ORIGINS.tsv"
