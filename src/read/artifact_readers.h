// Internal to the read stage: turns one weights file into an Artifact (and
// the declarations its header carries) by sniffing its magic bytes and
// running the matching format reader.
#pragma once

#include <string>
#include <vector>

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

// Strips copy suffixes (".lfs-pointer", "@<commit>") so a pointer or a
// snapshot copy names the file it stands for.
std::string canonical_name(const std::string& relative);

}  // namespace owl::detail
