// File-name rules. Names only: content checks belong to the read stage.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "owl/find.h"
#include "owl/text.h"

namespace owl {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Snapshots copied out of git history carry an "@<commit>" suffix
// (model.safetensors.index.json@0a854d4), and mirrors of LFS repos keep
// pointers as NAME.lfs-pointer; both name the file they stand for.
std::string_view strip_copy_suffixes(std::string_view name) {
  if (const auto at = name.rfind('@'); at != std::string_view::npos && at + 1 < name.size()) {
    const auto tail = name.substr(at + 1);
    if (std::all_of(tail.begin(), tail.end(), [](char c) { return std::isxdigit(c) != 0; }))
      name = name.substr(0, at);
  }
  if (ends_with(name, ".lfs-pointer")) name.remove_suffix(std::string_view(".lfs-pointer").size());
  return name;
}

// Sized by the compiler, so an extension can never be left as an empty
// string that every name ends with.
constexpr std::array kWeightExtensions = {
    std::string_view(".gguf"),   std::string_view(".safetensors"), std::string_view(".bin"),
    std::string_view(".pt"),     std::string_view(".pth"),         std::string_view(".ckpt"),
    std::string_view(".pkl"),    std::string_view(".pickle"),      std::string_view(".onnx"),
    std::string_view(".joblib"), std::string_view(".npy"),         std::string_view(".npz"),
    std::string_view(".keras"),  std::string_view(".h5"),          std::string_view(".hdf5"),
    std::string_view(".nemo"),   std::string_view(".pte")};

bool is_weights_name(std::string_view name) {
  return std::any_of(kWeightExtensions.begin(), kWeightExtensions.end(),
                     [&](std::string_view ext) { return ends_with(name, ext); });
}

FileRole classify_document(std::string_view name, bool at_root) {
  if (at_root && (name == "readme.md" || name == "readme" || name == "model_card.md"))
    return FileRole::kModelCard;
  if (name == "config.json" || name == "generation_config.json") return FileRole::kConfig;
  if (name == "adapter_config.json") return FileRole::kAdapterConfig;
  if (name == "mergekit_config.yml" || name == "mergekit_config.yaml" ||
      name == "merge_config.yml" || name == "merge_config.yaml")
    return FileRole::kMergeConfig;
  if (starts_with(name, "notice")) return FileRole::kNotice;
  if (contains(name, "use_policy") || contains(name, "use-policy") ||
      contains(name, "acceptable_use") || contains(name, "acceptable-use") ||
      contains(name, "prohibited_use") || contains(name, "prohibited-use") ||
      contains(name, "responsible_use") || name == "aup.md" || name == "aup.txt")
    return FileRole::kUsePolicy;
  if (starts_with(name, "license") || starts_with(name, "licence") ||
      starts_with(name, "copying") || contains(name, "terms_of_use") ||
      contains(name, "terms-of-use") || ends_with(name, "_license.md") ||
      ends_with(name, "_license.txt") || ends_with(name, "-license.md") ||
      ends_with(name, "-license.txt") || ends_with(name, "_license") || name == "license_weights")
    return FileRole::kLicense;
  return FileRole::kOther;
}

}  // namespace

const char* to_string(FileRole role) {
  switch (role) {
    case FileRole::kWeights: return "weights";
    case FileRole::kWeightsIndex: return "weights-index";
    case FileRole::kModelCard: return "model-card";
    case FileRole::kLicense: return "license";
    case FileRole::kNotice: return "notice";
    case FileRole::kUsePolicy: return "use-policy";
    case FileRole::kConfig: return "config";
    case FileRole::kAdapterConfig: return "adapter-config";
    case FileRole::kMergeConfig: return "merge-config";
    case FileRole::kChatTemplate: return "chat-template";
    case FileRole::kOther: return "other";
  }
  return "other";
}

FileRole classify_file(const std::string& relative_path) {
  const auto slash = relative_path.rfind('/');
  const bool at_root = slash == std::string::npos;
  const std::string full = ascii_lower(relative_path);
  const std::string_view name =
      strip_copy_suffixes(std::string_view(full).substr(at_root ? 0 : slash + 1));
  if (ends_with(name, ".safetensors.index.json") || ends_with(name, ".bin.index.json"))
    return FileRole::kWeightsIndex;
  if (is_weights_name(name)) {
    // Tokenizer and optimiser state files share the extensions but are not
    // the model; training_args.bin and friends are still pickles worth a
    // safety scan, so they stay weights-like for the reader.
    return FileRole::kWeights;
  }
  // Where transformers keeps chat templates: the tokenizer's config (key
  // chat_template), chat_template.json, and since 4.50 chat_template.jinja
  // plus named ones under additional_chat_templates/.
  if (name == "tokenizer_config.json" || name == "chat_template.json" ||
      name == "chat_template.jinja" ||
      (ends_with(name, ".jinja") && contains(std::string_view(full), "additional_chat_templates/")))
    return FileRole::kChatTemplate;
  return classify_document(name, at_root);
}

}  // namespace owl
