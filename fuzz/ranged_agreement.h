// Shared by the fuzz targets of readers with a ranged path: the weights
// reader over a RangedMemorySource (a remote file, fetched by ranges) must
// give the artifact the whole-bytes path gives, or the target aborts.
#pragma once

#include <cstdlib>
#include <string>

#include "owl/byte_source.h"
#include "read/artifact_readers.h"

namespace owl::fuzz {

inline std::string describe(const detail::ArtifactFacts& facts) {
  const Artifact& a = facts.artifact;
  std::string out = std::string(to_string(a.format)) + "|" +
                    std::to_string(a.parameter_count.value_or(0)) + "|" +
                    std::to_string(a.tensor_count.value_or(0)) + "|" + a.architecture.value_or("");
  for (const auto& [type, count] : a.tensor_types) out += "|" + type + std::to_string(count);
  if (a.safety) out += std::string("|") + to_string(*a.safety);
  for (const auto& text : a.safety_findings) out += "|" + text;
  for (const auto& text : a.notes) out += "|" + text;
  for (const auto& text : a.warnings) out += "|" + text;
  for (const auto& license : facts.licenses) out += "|" + license.value;
  if (a.error) out += "|" + a.error->message();
  return out;
}

// `name` picks the reader by extension as a release file's name would.
inline void check_ranged_agrees(Bytes bytes, const std::string& name) {
  const FoundFile file{name, name, bytes.size(), FileRole::kWeights, std::nullopt};
  detail::ArtifactFacts whole;
  whole.artifact.path = name;
  whole.artifact.size_bytes = bytes.size();
  detail::read_weights_bytes(bytes, file, whole);
  detail::RangedLimits limits;
  // The default first read: the magic sniffers (a pickle's first opcodes)
  // see what they see locally. GGUF prefixes grow from a tiny start, so
  // every seed past the first read drives the growth.
  limits.gguf_first = 16;
  RangedMemorySource source({bytes.begin(), bytes.end()}, name);
  const detail::ArtifactFacts ranged = detail::read_weights_file(file, source, limits);
  if (describe(whole) != describe(ranged)) std::abort();
}

}  // namespace owl::fuzz
