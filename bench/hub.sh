#!/usr/bin/env bash
# Requests and bytes `owl scan hf://…` costs per model, against the size of a
# full download, and wall time for many models with latency added to every
# request: owl against the fixture Hub (tests/hub/fake_hub.py) on
# 127.0.0.1. A benchmark, not a test. Targets (issue 17): under 1 MB and at
# most about 15 requests per model; 200 models in under 10 s with 50 ms a
# request.
#
# Fixture models, assembled from ../shared/corpus with symlinks in a temp
# dir: a 10-shard safetensors model (one corpus file as every shard, with
# its index), a GGUF, a PyTorch zip checkpoint, and MODELS copies of a small
# card + config + safetensors release for the wall-time run. Figures come
# from the server's request log (bytes of bodies sent) and owl's exit code;
# recorded in bench/runs/hub-<UTC stamp>/.
#
# Usage: bench/hub.sh [OWL_BINARY]
#   MODELS=200 LATENCY_MS=50
set -euo pipefail
cd "$(dirname "$0")/.."

owl=$(realpath "${1:-build/release/owl}")
models=${MODELS:-200}
latency=${LATENCY_MS:-50}
corpus=$(realpath ../shared/corpus)
out_dir=bench/runs/hub-$(date -u +%Y%m%dT%H%M%SZ)
[[ -x "$owl" ]] || { echo "hub.sh: no $owl; build the release preset first" >&2; exit 2; }
work=$(mktemp -d)
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$out_dir" "$work/root"

shard="$corpus/safetensors/candle-whisper-mel_filters.safetensors"
repo="$work/root/bench/sharded"
mkdir -p "$repo"
ln -s "$corpus/hf-repo-granite/README.md" "$repo/README.md"
ln -s "$corpus/hf-repo-granite/config.json" "$repo/config.json"
python3 - "$repo" "$shard" <<'PY'
import json, os, sys
repo, shard = sys.argv[1], sys.argv[2]
weight_map = {}
for i in range(1, 11):
    name = "model-%05d-of-00010.safetensors" % i
    os.symlink(shard, os.path.join(repo, name))
    weight_map["shard%d.weight" % i] = name
with open(os.path.join(repo, "model.safetensors.index.json"), "w") as out:
    json.dump({"metadata": {"total_size": 10 * os.path.getsize(shard)}, "weight_map": weight_map}, out)
PY
mkdir -p "$work/root/bench/gguf" "$work/root/bench/pytorch"
ln -s "$corpus/gguf/ggml-vocab-phi-3.gguf" "$work/root/bench/gguf/phi-3.gguf"
ln -s "$corpus/pytorch/picklescan-new_pytorch_model.bin" "$work/root/bench/pytorch/pytorch_model.bin"
for i in $(seq 1 "$models"); do
  small="$work/root/many/model-$i"
  mkdir -p "$small"
  ln -s "$corpus/hf-repo-granite/README.md" "$small/README.md"
  ln -s "$corpus/hf-repo-granite/config.json" "$small/config.json"
  ln -s "$corpus/safetensors/mnist-tinygrad-model.safetensors" "$small/model.safetensors"
done

start_server() {  # $1: latency in ms
  : > "$work/log.jsonl"
  python3 tests/hub/fake_hub.py --root "$work/root" --log "$work/log.jsonl" \
    --latency-ms "$1" > "$work/port" &
  server=$!
  for _ in $(seq 50); do [[ -s "$work/port" ]] && break; sleep 0.1; done
  export HF_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
export XDG_CACHE_HOME="$work/cache" HF_HOME="$work/hf"
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HUB_OFFLINE

{
  echo "owl: $("$owl" --version)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '%-16s %9s %12s %14s %6s\n' model requests bytes full-download exit
  start_server 0
  for id in bench/sharded bench/gguf bench/pytorch; do
    rm -rf "$XDG_CACHE_HOME"
    : > "$work/log.jsonl"
    set +e; "$owl" scan --json "hf://$id" > "$work/out.json" 2> "$work/err"; code=$?; set -e
    requests=$(wc -l < "$work/log.jsonl")
    bytes=$(python3 -c 'import json,sys; print(sum(json.loads(l)["bytes"] for l in open(sys.argv[1])))' "$work/log.jsonl")
    full=$(du -L -b -s "$work/root/$id" | cut -f1)
    printf '%-16s %9s %12s %14s %6s\n' "$id" "$requests" "$bytes" "$full" "$code"
  done
  : > "$work/log.jsonl"
  "$owl" scan --json hf://bench/sharded > /dev/null 2>&1 || true
  echo "re-scan of bench/sharded (cache warm): $(wc -l < "$work/log.jsonl") request(s)"
  stop_server

  start_server "$latency"
  rm -rf "$XDG_CACHE_HOME"
  seq 1 "$models" | sed 's|^|hf://many/model-|' > "$work/list.txt"
  began=$(date +%s.%N)
  set +e; "$owl" scan --summary --from-list "$work/list.txt" > "$work/out.txt" 2> "$work/err"; code=$?; set -e
  ended=$(date +%s.%N)
  echo
  echo "$models models, ${latency} ms a request: $(python3 -c "print(f'{$ended-$began:.2f}')") s wall," \
       "$(wc -l < "$work/log.jsonl") requests, exit $code"
  stop_server
} | tee "$out_dir/results.txt"
