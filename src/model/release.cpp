#include "owl/release.h"

#include <algorithm>
#include <cctype>

namespace owl {

const char* to_string(Safety safety) {
  switch (safety) {
    case Safety::kSafe: return "safe";
    case Safety::kSuspicious: return "suspicious";
    case Safety::kDangerous: return "dangerous";
  }
  return "unknown";
}

const char* to_string(BaseRelation relation) {
  switch (relation) {
    case BaseRelation::kDerived: return "derived";
    case BaseRelation::kFinetune: return "finetune";
    case BaseRelation::kAdapter: return "adapter";
    case BaseRelation::kQuantized: return "quantized";
    case BaseRelation::kMerge: return "merge";
    case BaseRelation::kContinuedPretraining: return "continued-pretraining";
    case BaseRelation::kBasedOn: return "based-on";
    case BaseRelation::kNamedAfter: return "named-after";
  }
  return "derived";
}

std::optional<BaseRelation> base_relation_named(std::string_view written) {
  std::string word;
  for (char c : written)
    if (c != ' ' && c != '-' && c != '_') word.push_back(static_cast<char>(std::tolower(c)));
  if (word == "finetune" || word == "finetuned" || word == "finetuning")
    return BaseRelation::kFinetune;
  if (word == "adapter" || word == "lora" || word == "peft") return BaseRelation::kAdapter;
  if (word == "quantized" || word == "quantised" || word == "quantization" ||
      word == "quantisation")
    return BaseRelation::kQuantized;
  if (word == "merge" || word == "merged") return BaseRelation::kMerge;
  return std::nullopt;
}

const char* to_string(BaseOrigin origin) {
  switch (origin) {
    case BaseOrigin::kCardMetadata: return "card base_model";
    case BaseOrigin::kAdapterConfig: return "adapter config";
    case BaseOrigin::kMergeConfig: return "merge config";
    case BaseOrigin::kWeightsMetadata: return "weights metadata";
  }
  return "card base_model";
}

std::string Source::describe() const { return where.empty() ? file : file + " " + where; }

const char* to_string(ArtifactFormat format) {
  switch (format) {
    case ArtifactFormat::kGguf: return "gguf";
    case ArtifactFormat::kSafetensors: return "safetensors";
    case ArtifactFormat::kSafetensorsIndex: return "safetensors-index";
    case ArtifactFormat::kPytorchZip: return "pytorch-zip";
    case ArtifactFormat::kPytorchLegacy: return "pytorch-legacy";
    case ArtifactFormat::kPickle: return "pickle";
    case ArtifactFormat::kNumpy: return "numpy";
    case ArtifactFormat::kTorchScript: return "torchscript";
    case ArtifactFormat::kOnnx: return "onnx";
    case ArtifactFormat::kKeras: return "keras";
    case ArtifactFormat::kKerasH5: return "keras-h5";
    case ArtifactFormat::kNemo: return "nemo";
    case ArtifactFormat::kExecutorch: return "executorch";
    case ArtifactFormat::kLfsPointer: return "lfs-pointer";
    case ArtifactFormat::kUnknownWeights: return "unknown";
    case ArtifactFormat::kChatTemplate: return "chat-template";
  }
  return "unknown";
}

bool holds_weights(ArtifactFormat format) {
  return format != ArtifactFormat::kSafetensorsIndex && format != ArtifactFormat::kChatTemplate;
}

const char* to_string(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kLicense: return "license";
    case DocumentKind::kNotice: return "notice";
    case DocumentKind::kUsePolicy: return "use-policy";
    case DocumentKind::kModelCard: return "model-card";
    case DocumentKind::kConfig: return "config";
    case DocumentKind::kAdapterConfig: return "adapter-config";
    case DocumentKind::kMergeConfig: return "merge-config";
    case DocumentKind::kOther: return "other";
  }
  return "other";
}

const char* to_string(DeclarationField field) {
  switch (field) {
    case DeclarationField::kLicense: return "license";
    case DeclarationField::kLicenseName: return "license_name";
    case DeclarationField::kLicenseLink: return "license_link";
  }
  return "license";
}

const char* to_string(ReleaseKind kind) {
  switch (kind) {
    case ReleaseKind::kModel: return "model";
    case ReleaseKind::kDataset: return "dataset";
  }
  return "model";
}

const char* to_string(ReleaseLayout layout) {
  switch (layout) {
    case ReleaseLayout::kRepository: return "repository";
    case ReleaseLayout::kHubCacheSnapshot: return "hub-cache-snapshot";
    case ReleaseLayout::kSingleFile: return "single-file";
    case ReleaseLayout::kHubRemote: return "hub-remote";
  }
  return "repository";
}

namespace {

// "model-00001-of-00004.safetensors" and "x-00002-of-00004.gguf" belong to
// one model; other weights files are alternatives (another quantisation or
// format of the same model), so shards add up and alternatives do not.
std::string shard_group(const std::string& path) {
  const auto digits = [&](size_t from, size_t& to) {
    to = from;
    while (to < path.size() && std::isdigit(static_cast<unsigned char>(path[to]))) ++to;
    return to - from >= 3 && to - from <= 6;
  };
  for (size_t dash = path.find('-'); dash != std::string::npos; dash = path.find('-', dash + 1)) {
    size_t after_index = 0, after_total = 0;
    if (!digits(dash + 1, after_index) || path.compare(after_index, 4, "-of-") != 0 ||
        !digits(after_index + 4, after_total))
      continue;
    return path.substr(0, dash) + path.substr(after_total);
  }
  return path;
}

}  // namespace

std::optional<uint64_t> Release::parameter_count() const {
  std::map<std::string, uint64_t> per_model;
  for (const auto& artifact : artifacts)
    if (artifact.parameter_count)
      per_model[shard_group(artifact.path)] += *artifact.parameter_count;
  if (per_model.empty()) return std::nullopt;
  uint64_t largest = 0;
  for (const auto& [group, count] : per_model) largest = std::max(largest, count);
  return largest;
}

}  // namespace owl
