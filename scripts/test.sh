#!/usr/bin/env bash
# The whole test suite: GoogleTest + corpus replays under ASan/UBSan, then
# every libFuzzer target for a short fixed budget. Exits non-zero on any
# failure. Usage: scripts/test.sh   (FUZZ_SECONDS=N: the total fuzz budget,
# shared equally by the targets; 120 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# The SPDX licence texts (npm, test tooling only) let the suite check that
# every one of them identifies as itself; the CycloneDX 1.6 schemas (in
# @cyclonedx/cyclonedx-library) and ajv validate the BOMs `owl bom` writes.
# Nothing from them is committed.
npm_tools=(spdx-license-list@6.12.0 @cyclonedx/cyclonedx-library@10.3.0 ajv@8.20.0 ajv-formats@3.0.1)
if [[ ! -f tools/node_modules/spdx-license-list/spdx-full.json ||
  ! -f tools/node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.6.SNAPSHOT.schema.json ||
  ! -d tools/node_modules/ajv-formats ]]; then
  npm install --prefix tools --no-audit --no-fund --silent "${npm_tools[@]}" ||
    echo "test.sh: npm install failed; LicenseIndex.EverySpdxTextSelfIdentifies will be skipped and the BOM schema tests will fail" >&2
fi
# The SPDX 3.0.1 JSON schema (shacl2code output of the SPDX 3.0.1 model) is
# on npm only inside @cyclonedx/cdxgen: take that one file from its tarball
# rather than install cdxgen's whole dependency tree.
if [[ ! -f tools/schemas/spdx-3.0.1.schema.json ]]; then
  mkdir -p tools/schemas
  (cd tools/schemas && npm pack --silent @cyclonedx/cdxgen@12.8.4 >/dev/null &&
    tar -xzf cyclonedx-cdxgen-12.8.4.tgz --strip-components=2 package/data/spdx-export.schema.json &&
    mv spdx-export.schema.json spdx-3.0.1.schema.json && rm -f cyclonedx-cdxgen-12.8.4.tgz) ||
    echo "test.sh: could not fetch the SPDX 3.0.1 schema; the SPDX BOM schema test will fail" >&2
fi

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan | tee build/asan/ctest.log
passed=$(grep -oE 'tests passed, 0 tests failed out of [0-9]+' build/asan/ctest.log | grep -oE '[0-9]+$')

# Seeds per target: the corpus files each reader is meant for (loading all
# 40 MB of the shared corpus into every target would eat the budget).
declare -A seeds_for=(
  [gguf_fuzz]="gguf gguf-generated gguf-crafted"
  [safetensors_fuzz]="safetensors safetensors-crafted"
  [pickle_fuzz]="pickle-malicious pytorch"
  [pytorch_fuzz]="pickle-malicious pytorch"
  [onnx_fuzz]=""
  [model_card_fuzz]="licenses hf-repo-granite"
  [hf_json_fuzz]="hf-configs hf-repo-granite"
  [identify_fuzz]="licenses"
  [chat_template_fuzz]="hf-repo-granite hf-configs gguf-generated"
  [keras_fuzz]="pytorch"
  [nemo_fuzz]="pytorch"
  [executorch_fuzz]=""
)

# One fixed budget for all targets, shared equally: adding a target takes
# time from the others instead of lengthening the run.
fuzz_budget=${FUZZ_SECONDS:-120}
mapfile -t fuzz_targets < <(for f in fuzz/*_fuzz.cpp; do basename "$f" .cpp; done)
fuzz_seconds=$((fuzz_budget / ${#fuzz_targets[@]}))
if ((fuzz_seconds > 0)); then
  cmake --preset fuzz >/dev/null
  # The fuzz targets only: the CLI is built and tested under ASan above.
  cmake --build --preset fuzz --target "${fuzz_targets[@]}"
  for target in build/fuzz/fuzz/*_fuzz; do
    name=$(basename "$target")
    seed_dirs=()
    for dir in ${seeds_for[$name]-}; do seed_dirs+=("../shared/corpus/$dir"); done
    [[ $name == onnx_fuzz ]] && seed_dirs+=(tests/data/onnx)
    # Hand-written streams for the lenient and embedded-payload paths.
    [[ $name == pickle_fuzz || $name == pytorch_fuzz ]] && seed_dirs+=(tests/data/pickle-seeds)
    # Hand-written templates: an attribute chain, an appended instruction.
    [[ $name == chat_template_fuzz ]] && seed_dirs+=(tests/data/template-seeds)
    scratch=$(mktemp -d)
    # libFuzzer writes new inputs into the first corpus dir: keep the shared
    # corpus read-only by giving it only as seed dirs after a scratch dir.
    "$target" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -artifact_prefix="build/fuzz/$name-" "$scratch" "${seed_dirs[@]}" 2>"build/fuzz/$name.log" ||
      { echo "FUZZ FAILURE: $name"; tail -40 "build/fuzz/$name.log"; exit 1; }
    echo "fuzz $name: $(grep -o 'Done [0-9]* runs' "build/fuzz/$name.log" | tail -1) in ${fuzz_seconds}s, no crash"
    rm -rf "$scratch"
    passed=$((passed + 1))
  done
fi
echo "owl: $passed passed, 0 failed"
