// Fuzzes the Hugging Face JSON sidecar readers (config.json,
// adapter_config.json, model.safetensors.index.json) and the Git LFS
// pointer reader on the same bytes: none may throw or crash, and an index
// that reads must list exactly the shards its weight map names.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "owl/model_card.h"
#include "owl/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)owl::read_model_config(text);
  (void)owl::read_adapter_config(text);
  auto pointer = owl::read_lfs_pointer(text);
  if (pointer && *pointer && (*pointer)->oid_sha256.size() != 64) __builtin_trap();
  auto index = owl::read_safetensors_index(text);
  if (index) {
    std::set<std::string> shards;
    for (const auto& [tensor, shard] : index->weight_map) shards.insert(shard);
    if (std::set<std::string>(index->shards.begin(), index->shards.end()) != shards ||
        shards.size() != index->shards.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
