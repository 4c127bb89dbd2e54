// mergekit configuration (mergekit_config.yml / mergekit_moe_config.yml):
// the models a merge was built from are lineage, so every model reference is
// collected: models[].model, slices[].sources[].model, experts[].source_model
// and base_model. A reference may carry a LoRA as "model+lora"; it is kept
// as written.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "owl/model_card.h"
#include "read/bounded_warnings.h"

namespace owl {

namespace {

constexpr size_t kMaxMergeConfigBytes = 1u << 20;
// Aliases let a small file name one long string many times; cap the copies.
constexpr size_t kMaxCopiedBytes = 4u << 20;

class MergeReader {
 public:
  explicit MergeReader(MergeConfig& config) : config_(config) {}

  std::optional<std::string> scalar(const YAML::Node& node, std::string_view where) {
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    if (!node.IsScalar()) {
      add_bounded_warning(config_.warnings,
                          fmt::format("mergekit.unexpected-type: line {}: expected {} to be a "
                                      "string",
                                      node.Mark().line + 1, where),
                          "mergekit");
      return std::nullopt;
    }
    if (!spend(node.Scalar().size())) return std::nullopt;
    return node.Scalar();
  }

  void add_model(const YAML::Node& node, std::string_view where) {
    auto name = scalar(node, where);
    if (name && seen_.insert(*name).second) config_.models.push_back(std::move(*name));
  }

  // Calls `visit` for each item of the list `parent[key]`, if it is one.
  template <class Visit>
  void each_item(const YAML::Node& parent, const char* key, Visit visit) {
    const YAML::Node list = parent[key];
    if (!list.IsDefined() || list.IsNull()) return;
    if (!list.IsSequence()) {
      add_bounded_warning(config_.warnings,
                          fmt::format("mergekit.unexpected-type: line {}: expected {} to be a list",
                                      list.Mark().line + 1, key),
                          "mergekit");
      return;
    }
    for (const YAML::Node& item : list) {
      if (failure_) return;
      if (item.IsMap()) visit(item);
    }
  }

  const std::optional<Error>& failed() const { return failure_; }

 private:
  bool spend(size_t bytes) {
    if (failure_) return false;
    if (bytes <= bytes_left_) {
      bytes_left_ -= bytes;
      return true;
    }
    failure_ = Error::limit("", std::nullopt, "mergekit.yaml-expansion-too-large",
                            fmt::format("expected the model names (aliases expanded) to total at "
                                        "most {} bytes",
                                        kMaxCopiedBytes));
    return false;
  }

  MergeConfig& config_;
  std::set<std::string> seen_;
  size_t bytes_left_ = kMaxCopiedBytes;
  std::optional<Error> failure_;
};

Expected<YAML::Node> parse_merge_yaml(std::string_view text) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& ex) {
    const bool has_mark = !ex.mark.is_null();
    return Error::corrupt("", has_mark ? std::optional<uint64_t>(ex.mark.pos) : std::nullopt,
                          "mergekit.yaml-syntax",
                          (has_mark ? fmt::format("line {}: ", ex.mark.line + 1) : std::string()) +
                              "expected valid YAML: " + ex.msg);
  }
}

void collect_models(const YAML::Node& root, MergeReader& reader) {
  reader.each_item(root, "models", [&](const YAML::Node& item) {
    reader.add_model(item["model"], "models[].model");
  });
  reader.each_item(root, "slices", [&](const YAML::Node& slice) {
    reader.each_item(slice, "sources", [&](const YAML::Node& source) {
      reader.add_model(source["model"], "slices[].sources[].model");
    });
  });
  reader.each_item(root, "experts", [&](const YAML::Node& expert) {
    reader.add_model(expert["source_model"], "experts[].source_model");
  });
}

}  // namespace

Expected<MergeConfig> read_merge_config(std::string_view yaml_text) {
  if (yaml_text.size() > kMaxMergeConfigBytes) {
    return Error::limit("", std::nullopt, "mergekit.too-large",
                        fmt::format("expected a mergekit config of at most {} bytes, found {}",
                                    kMaxMergeConfigBytes, yaml_text.size()));
  }
  auto root = parse_merge_yaml(yaml_text);
  if (!root) return root.error();
  if (!root->IsMap()) {
    return Error::corrupt("", std::nullopt, "mergekit.not-mapping",
                          "expected the config to be a YAML map with merge_method and models");
  }
  MergeConfig config;
  MergeReader reader(config);
  const YAML::Node& document = *root;  // const: lookups must not insert keys
  try {
    config.merge_method = reader.scalar(document["merge_method"], "merge_method");
    config.base_model = reader.scalar(document["base_model"], "base_model");
    collect_models(document, reader);
  } catch (const YAML::Exception& ex) {
    return Error::corrupt("", std::nullopt, "mergekit.yaml-structure",
                          std::string("expected a readable mergekit config: ") + ex.msg);
  }
  if (reader.failed()) return *reader.failed();
  return config;
}

}  // namespace owl
