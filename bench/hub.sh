#!/usr/bin/env bash
# What `owl scan hf://ORG/NAME` costs, against tests/hub/fake_hub.py on
# 127.0.0.1 serving bench/gen_hub_fixture.py's repos. A benchmark, not a
# test. For a 10-shard safetensors model, a GGUF and a PyTorch zip: the
# requests and bytes one scan takes (from the server's request log), the
# size of a full download, and the requests of a second scan (owl's cache).
# Then the wall time of one scan of COUNT small models with LATENCY_MS added
# to every request. Targets (issue #17): under 1 MB and at most about 15
# requests a model; 200 models at 50 ms in under 10 s.
#
# Usage: bench/hub.sh [OWL_BINARY]
#   FIXTURE=/tmp/owl-hub-bench  where the fixture repos are kept (reused)
#   COUNT=200 LATENCY_MS=50     the latency run
#   RUNS=3                      best of RUNS for the latency run
set -euo pipefail
cd "$(dirname "$0")/.."

owl=$(realpath "${1:-build/release/owl}")
fixture=${FIXTURE:-/tmp/owl-hub-bench}
count=${COUNT:-200}
latency=${LATENCY_MS:-50}
runs=${RUNS:-3}
out_dir=bench/runs/hub-$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n "$server" ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

[[ -x "$owl" ]] || { echo "hub.sh: no $owl; build the release preset first" >&2; exit 2; }
if [[ ! -d "$fixture/bench/m$(printf %03d $((count - 1)))" ]]; then
  rm -rf "$fixture"
  COUNT=$count python3 bench/gen_hub_fixture.py "$fixture" ../shared/corpus
fi
mkdir -p "$out_dir"

# Starts the fixture server with LATENCY ms a request; sets $server, $port.
start_hub() {
  local latency_ms=$1
  [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  : >"$work/requests.log"
  coproc HUB { exec python3 tests/hub/fake_hub.py --root "$fixture" --log "$work/requests.log" \
                 --latency-ms "$latency_ms"; }
  server=$HUB_PID
  read -r port <&"${HUB[0]}"
}

# Runs owl against the server with a fresh or kept cache; prints nothing.
owl_hub() {
  HF_ENDPOINT="http://127.0.0.1:$port" XDG_CACHE_HOME="$work/cache" HF_HOME="$work/hf" \
    HF_TOKEN="" "$owl" "$@" >/dev/null 2>"$work/stderr" || {
    local status=$?
    # Exit 1 is a gate's rejection, which the bench does not care about.
    [[ $status -eq 1 ]] || { cat "$work/stderr" >&2; exit "$status"; }
  }
}

log_requests() { wc -l <"$work/requests.log"; }
log_bytes() { python3 -c 'import json,sys; print(sum(json.loads(l)["bytes"] for l in open(sys.argv[1])))' "$work/requests.log"; }

{
  echo "owl: $("$owl" --version)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "python: $(python3 --version)"
  echo "fixture: $fixture ($(du -sh --apparent-size "$fixture" | cut -f1) apparent, sparse)"
  echo "latency run: $count models, $latency ms a request, best of $runs"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out_dir/README.txt"

csv="$out_dir/results.csv"
echo "case,requests,bytes,full_download_bytes,requests_cached,wall_s" >"$csv"
start_hub 0
# The fixture digests each file on the first model-info call (13 GB of
# sparse shards take longer than owl's 30 s time-out): warm it first.
for repo in sharded-10 gguf pytorch-zip; do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/models/bench/$repo?blobs=true"
done
for repo in sharded-10 gguf pytorch-zip; do
  rm -rf "$work/cache"
  : >"$work/requests.log"
  owl_hub scan --json "hf://bench/$repo"
  requests=$(log_requests)
  bytes=$(log_bytes)
  full=$(find "$fixture/bench/$repo" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  : >"$work/requests.log"
  owl_hub scan --json "hf://bench/$repo"
  cached=$(log_requests)
  echo "$repo,$requests,$bytes,$full,$cached," | tee -a "$csv"
done

start_hub "$latency"
for i in $(seq 0 $((count - 1))); do printf 'hf://bench/m%03d\n' "$i"; done >"$work/list.txt"
best=""
for _ in $(seq "$runs"); do
  rm -rf "$work/cache"
  : >"$work/requests.log"
  start=$(date +%s.%N)
  owl_hub scan --summary --from-list "$work/list.txt"
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
  if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$wall; fi
done
echo "latency-$count-models-${latency}ms,$(log_requests),$(log_bytes),,,$best" | tee -a "$csv"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out_dir/README.txt"
echo "results in $out_dir"
