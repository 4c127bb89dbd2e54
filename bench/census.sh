#!/usr/bin/env bash
# Wall time and peak RSS of `owl census` over the shared card corpus
# (3,424 cards). A benchmark, not a test: the target is under 1 s on 2 cores.
# Checks the result before timing (the release count must be 3424), warms
# up, repeats with hyperfine, and records machine and versions with the run.
#
# Usage: bench/census.sh [OWL_BINARY] [CARDS_DIR]
#   default binary: build/release/owl (cmake --preset release &&
#   cmake --build --preset release); JOBS=N sets --jobs (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

owl=${1:-build/release/owl}
cards=${2:-../shared/corpus/model-cards/hf-readme-2024}
jobs=${JOBS:-0}
out_dir=bench/runs/census-$(date -u +%Y%m%dT%H%M%SZ)

[[ -x "$owl" ]] || { echo "census.sh: no $owl; build the release preset first" >&2; exit 2; }
releases=$("$owl" census --json --jobs "$jobs" "$cards" | python3 -c 'import json,sys; print(json.load(sys.stdin)["releases"])')
if [[ "$releases" != 3424 ]]; then
  echo "census.sh: expected 3424 releases, the census counted $releases" >&2
  exit 1
fi

mkdir -p "$out_dir"
{
  echo "command: $owl census --jobs $jobs $cards"
  echo "owl: $("$owl" --version)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "kernel: $(uname -r)"
  echo "releases: $releases"
  # Wall time means little on a shared machine: record how busy it was.
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out_dir/README.txt"

hyperfine --warmup 2 --runs "${RUNS:-10}" --export-csv "$out_dir/hyperfine.csv" \
  "$owl census --jobs $jobs $cards >/dev/null" | tee -a "$out_dir/README.txt"

# Peak RSS: GNU time's "Maximum resident set size" (KiB), best of three.
rss=$(for _ in 1 2 3; do
  /usr/bin/time -f '%M' "$owl" census --jobs "$jobs" "$cards" 2>&1 >/dev/null | tail -1
done | sort -n | head -1)
echo "peak RSS: ${rss} KiB" | tee -a "$out_dir/README.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out_dir/README.txt"
