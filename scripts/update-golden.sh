#!/usr/bin/env bash
# Rewrites tests/golden/corpus-counts.txt from the current code: every test
# that compares corpus-wide figures writes its section instead of checking
# it. Review the diff (git diff tests/golden) before committing.
# Usage: scripts/update-golden.sh   (after cmake --build --preset asan)
set -euo pipefail
cd "$(dirname "$0")/.."
OWL_UPDATE_GOLDEN=1 build/asan/owl_tests --gtest_filter='*Golden*' "$@"
git --no-pager diff --stat -- tests/golden || true
