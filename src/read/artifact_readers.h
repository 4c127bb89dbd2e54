// Internal to the read stage: turns one weights file into an Artifact (and
// the declarations its header carries) by sniffing its magic bytes and
// running the matching format reader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/find.h"
#include "owl/release.h"

namespace owl::detail {

struct ArtifactFacts {
  Artifact artifact;
  std::vector<LicenseDeclaration> licenses;
  std::vector<BaseModelDeclaration> base_models;
  std::vector<DatasetDeclaration> datasets;
};

ArtifactFacts read_weights_file(const FoundFile& file);

// A file named .gguf, .safetensors, .bin, .pt or .pth whose first bytes are
// not its format's magic: the error names the magic expected ("gguf.magic",
// "safetensors.magic", "pytorch.magic"; a .bin may be a zip or a pickle).
// Call after ruling out a Git LFS pointer, which may carry any such name.
struct MagicMismatch {
  ArtifactFormat claimed;
  Error error;
};
std::optional<MagicMismatch> magic_mismatch(const std::string& name, Bytes bytes);

// Strips copy suffixes (".lfs-pointer", "@<commit>") so a pointer or a
// snapshot copy names the file it stands for.
std::string canonical_name(const std::string& relative);

}  // namespace owl::detail
