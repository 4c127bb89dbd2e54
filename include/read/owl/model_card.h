// Model card (README.md with YAML front matter) and Hugging Face sidecar
// readers: config.json, adapter_config.json (PEFT), mergekit configs and Git
// LFS pointer files. Each returns plain structs and records the line (cards)
// or key (JSON) every fact came from. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl {

// A value from the card's YAML with the 1-based line it sits on in README.md.
struct CardValue {
  std::string value;
  int line = 0;
};

struct ModelCard {
  bool has_front_matter = false;
  std::vector<CardValue> licenses;  // `license:` may be a string or a list
  std::optional<CardValue> license_name, license_link;
  std::vector<CardValue> base_models;  // string or list
  std::optional<CardValue> base_model_relation;
  std::vector<CardValue> datasets;
  std::optional<CardValue> pipeline_tag, library_name, model_name;
  std::vector<CardValue> tags, languages;
  std::optional<CardValue> gated;                // "true", "auto", "manual" or absent
  std::map<std::string, CardValue> extra_gated;  // extra_gated_* keys, values as text
  std::string body;                              // Markdown after the front matter
  int body_line = 1;                             // line number of the body's first line
  std::vector<std::string> warnings;             // recoverable oddities (bad types, ...)
};

// A card without front matter is valid (has_front_matter = false); malformed
// YAML is an Error naming the line.
Expected<ModelCard> read_model_card(std::string_view text);

struct LfsPointer {
  std::string oid_sha256;  // 64 lowercase hex digits
  uint64_t size = 0;
};

// nullopt when `text` is not an LFS pointer at all (1024 bytes or more, or
// not opening with "version "); an Error when it starts like one but breaks
// the spec (unknown version, keys out of order, bad oid or size).
Expected<std::optional<LfsPointer>> read_lfs_pointer(std::string_view text);

// For the JSON sidecars below, a known key holding the wrong JSON type is
// skipped with a warning ("rule: detail"); only text that is not a JSON
// object (or breaks the size/depth caps) is an Error.
struct ModelConfig {
  std::vector<std::string> architectures;
  // torch_dtype falls back to `dtype`, the key newer transformers write.
  std::optional<std::string> model_type, torch_dtype, name_or_path, transformers_version;
  std::optional<uint64_t> parameter_hint;  // e.g. num_parameters, when present
  std::vector<std::string> warnings;
};
Expected<ModelConfig> read_model_config(std::string_view json_text);

struct AdapterConfig {
  std::optional<std::string> base_model_name_or_path, peft_type, task_type;
  std::optional<uint64_t> rank;  // `r`
  std::vector<std::string> warnings;
};
Expected<AdapterConfig> read_adapter_config(std::string_view json_text);

// mergekit YAML: merge_method, base_model, and every models[].model,
// slices[].sources[].model and (mergekit-moe) experts[].source_model, in
// first-seen order without repeats.
struct MergeConfig {
  std::optional<std::string> merge_method, base_model;
  std::vector<std::string> models;
  std::vector<std::string> warnings;
};
Expected<MergeConfig> read_merge_config(std::string_view yaml_text);

}  // namespace owl
