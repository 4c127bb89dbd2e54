#include "owl/release.h"

namespace owl {

std::string Source::describe() const { return where.empty() ? file : file + " " + where; }

const char* to_string(ArtifactFormat format) {
  switch (format) {
    case ArtifactFormat::kGguf: return "gguf";
    case ArtifactFormat::kSafetensors: return "safetensors";
    case ArtifactFormat::kSafetensorsIndex: return "safetensors-index";
    case ArtifactFormat::kPytorchZip: return "pytorch-zip";
    case ArtifactFormat::kPytorchLegacy: return "pytorch-legacy";
    case ArtifactFormat::kPickle: return "pickle";
    case ArtifactFormat::kOnnx: return "onnx";
    case ArtifactFormat::kLfsPointer: return "lfs-pointer";
    case ArtifactFormat::kUnknownWeights: return "unknown";
  }
  return "unknown";
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

const char* to_string(ReleaseLayout layout) {
  switch (layout) {
    case ReleaseLayout::kRepository: return "repository";
    case ReleaseLayout::kHubCacheSnapshot: return "hub-cache-snapshot";
    case ReleaseLayout::kSingleFile: return "single-file";
  }
  return "repository";
}

std::optional<uint64_t> Release::parameter_count() const {
  // A sharded model lists its parameters once per shard, and an LFS pointer
  // or an index knows none; the sum over real weights headers is the count.
  // A release shipping the same weights twice (GGUF and safetensors) would
  // double-count, so take the largest per format instead of a plain sum.
  std::map<ArtifactFormat, uint64_t> per_format;
  bool any = false;
  for (const auto& artifact : artifacts) {
    if (!artifact.parameter_count) continue;
    per_format[artifact.format] += *artifact.parameter_count;
    any = true;
  }
  if (!any) return std::nullopt;
  uint64_t best = 0;
  for (const auto& [format, count] : per_format) best = std::max(best, count);
  return best;
}

}  // namespace owl
