#!/usr/bin/env bash
# Wall time, CPU time and peak RSS of `owl scan` (text, --json, --jsonl),
# `owl bom` (CycloneDX, SPDX) and `owl census` over generated folders of
# 1k, 10k and 100k small releases (bench/gen_releases.py: real licence ids,
# base_model chains inside the set, tiny real safetensors files), and of
# `owl scan --hash` over several multi-GiB files against `openssl dgst` run
# one after the other and in parallel. A benchmark, not a test. Targets on
# 2 cores: 10k releases in under 1.2 s wall, peak RSS under 50 MB at 10k
# and 100k in text, JSON and both BOMs, JSON within 1.3x of text, two files
# hashed at least 1.8x faster than one after the other.
#
# Checks each result before timing it (the release count), takes the best
# of RUNS runs (default 3) of wall time and of peak RSS, and records the
# machine, versions and load with the run in bench/runs/scan-<UTC stamp>/.
#
# Usage: bench/scan.sh [OWL_BINARY]
#   SIZES="1000 10000 100000"  release counts
#   TREES=/tmp/owl-bench       where the generated trees are kept (reused)
#   HASH_FILES=2 HASH_GIB=2    files and size for the --hash part (0: skip)
#   JOBS=0                     --jobs (0: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."

owl=${1:-build/release/owl}
sizes=${SIZES:-1000 10000 100000}
trees=${TREES:-/tmp/owl-bench}
runs=${RUNS:-3}
jobs=${JOBS:-0}
hash_files=${HASH_FILES:-2}
hash_gib=${HASH_GIB:-2}
out_dir=bench/runs/scan-$(date -u +%Y%m%dT%H%M%SZ)

[[ -x "$owl" ]] || { echo "scan.sh: no $owl; build the release preset first" >&2; exit 2; }
mkdir -p "$out_dir" "$trees"
{
  echo "owl: $("$owl" --version)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "memory: $(free -m | awk '/Mem:/ {print $2}') MB"
  echo "kernel: $(uname -r)"
  echo "openssl: $(openssl version)"
  echo "jobs: $jobs, runs: best of $runs"
  # Wall time means little on a shared machine: record how busy it was.
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out_dir/README.txt"

csv="$out_dir/results.csv"
echo "case,releases,wall_s,user_s,sys_s,peak_rss_kib" >"$csv"

# One command, best of $runs: min wall, and the user/sys of that run; min RSS.
measure() {
  local name=$1 releases=$2
  shift 2
  local best="" rss=""
  for _ in $(seq "$runs"); do
    local line
    line=$(/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1)
    read -r wall user sys kib <<<"$line"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
      best="$wall $user $sys"
    fi
    if [[ -z "$rss" || "$kib" -lt "$rss" ]]; then rss=$kib; fi
  done
  read -r wall user sys <<<"$best"
  echo "$name,$releases,$wall,$user,$sys,$rss" | tee -a "$csv"
}

for n in $sizes; do
  tree="$trees/releases-$n"
  [[ -d "$tree" ]] || python3 bench/gen_releases.py "$tree" "$n"
  # The result first: every release reported, once.
  got=$("$owl" scan --jsonl -j "$jobs" "$tree" | wc -l)
  [[ "$got" == "$n" ]] || { echo "scan.sh: expected $n releases, --jsonl gave $got" >&2; exit 1; }
  measure scan-text "$n" "$owl" scan --full -j "$jobs" "$tree"
  measure scan-json "$n" "$owl" scan --json -j "$jobs" "$tree"
  measure scan-jsonl "$n" "$owl" scan --jsonl -j "$jobs" "$tree"
  # And the BOM names each release once, as a top-level model component.
  got=$("$owl" bom --format cyclonedx -j "$jobs" "$tree" | grep -c '^      "bom-ref": "release-[0-9]*/[^/"]*",$')
  [[ "$got" == "$n" ]] || { echo "scan.sh: expected $n BOM components, got $got" >&2; exit 1; }
  measure bom-cyclonedx "$n" "$owl" bom --format cyclonedx -j "$jobs" "$tree"
  measure bom-spdx "$n" "$owl" bom --format spdx -j "$jobs" "$tree"
  measure census "$n" "$owl" census -j "$jobs" "$tree"
done

if [[ "$hash_files" -gt 0 ]]; then
  # One release of $hash_files shards of random bytes behind a valid
  # safetensors header; read once first so every run hashes from the page
  # cache (this measures hashing, not the disk).
  release="$trees/hash-$hash_files-x-${hash_gib}g"
  if [[ ! -d "$release" ]]; then
    mkdir -p "$release"
    for i in $(seq "$hash_files"); do
      python3 - "$release/model-$i.safetensors" "$hash_gib" <<'PY'
import json, struct, sys
size = int(sys.argv[2]) << 30
header = json.dumps({"w": {"dtype": "U8", "shape": [size], "data_offsets": [0, size]}}).encode()
header += b" " * (-len(header) % 8)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<Q", len(header)) + header)
PY
      head -c "$((hash_gib << 30))" /dev/urandom >>"$release/model-$i.safetensors"
    done
  fi
  files=("$release"/*.safetensors)
  cat "${files[@]}" >/dev/null
  # owl's digests must be openssl's.
  for file in "${files[@]}"; do
    want=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
    "$owl" scan --hash --jsonl "$file" | grep -q "\"sha256\":\"$want\"" ||
      { echo "scan.sh: owl's SHA-256 of $file is not openssl's" >&2; exit 1; }
  done
  measure hash-owl-one-after-another "${#files[@]}" \
    sh -c 'for f in "$@"; do "'"$owl"'" scan --hash "$f" >/dev/null; done' _ "${files[@]}"
  measure hash-owl-together "${#files[@]}" "$owl" scan --hash "$release"
  measure hash-openssl-one-after-another "${#files[@]}" openssl dgst -sha256 "${files[@]}"
  measure hash-openssl-parallel "${#files[@]}" \
    sh -c 'for f in "$@"; do openssl dgst -sha256 "$f" >/dev/null & done; wait' _ "${files[@]}"
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out_dir/README.txt"
echo "results: $csv"
