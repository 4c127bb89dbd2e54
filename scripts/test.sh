#!/usr/bin/env bash
# The whole test suite: GoogleTest + corpus replays under ASan/UBSan, then
# every libFuzzer target for a short fixed budget. Exits non-zero on any
# failure. Usage: scripts/test.sh   (FUZZ_SECONDS=N to change the budget)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan

fuzz_seconds=${FUZZ_SECONDS:-15}
if ((fuzz_seconds > 0)); then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
  for target in build/fuzz/fuzz/*_fuzz; do
    name=$(basename "$target")
    seeds=$(mktemp -d)
    # libFuzzer writes new inputs into the first corpus dir: keep the shared
    # corpus read-only by giving it as a second, seed-only dir.
    "$target" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="build/fuzz/$name-" "$seeds" ../shared/corpus 2>"build/fuzz/$name.log" ||
      { echo "FUZZ FAILURE: $name"; tail -40 "build/fuzz/$name.log"; exit 1; }
    echo "fuzz $name: $(grep -o 'Done [0-9]* runs' "build/fuzz/$name.log" | tail -1) in ${fuzz_seconds}s, no crash"
    rm -rf "$seeds"
  done
fi
