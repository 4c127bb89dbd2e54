// The find stage: turns the paths a user names into release locations.
//
// A path may be one weights file, a directory holding one release (a
// Hugging Face repo clone or snapshot), a Hugging Face cache (`hub/` with
// `models--ORG--NAME/{refs,snapshots,blobs}`), one cached model folder, one
// snapshot folder, or a folder of release folders. Files are classified by
// name only (the read stage checks content); symlinks to files are followed,
// which is how hub snapshots point into blobs/, but symlinks to directories
// are not, so a loop cannot trap the walk. Every walk is bounded in depth and
// file count. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "owl/error.h"
#include "owl/release.h"

namespace owl {

enum class FileRole {
  kWeights,        // by extension; the reader confirms by magic bytes
  kWeightsIndex,   // model.safetensors.index.json, pytorch_model.bin.index.json
  kModelCard,      // README.md at the release root
  kLicense,        // LICENSE, LICENCE, COPYING, LICENSE-MODEL, *TERMS_OF_USE*, ...
  kNotice,         // NOTICE
  kUsePolicy,      // USE_POLICY.md, acceptable/prohibited use policies
  kConfig,         // config.json, generation_config.json
  kAdapterConfig,  // adapter_config.json
  kMergeConfig,    // mergekit_config.yml
  kOther,
};
const char* to_string(FileRole role);

struct FoundFile {
  std::string path;      // openable path (may be a symlink into blobs/)
  std::string relative;  // relative to the release root, '/'-separated
  uint64_t size = 0;     // of the target, after following a symlink
  FileRole role = FileRole::kOther;
};

struct ReleaseLocation {
  std::string name;
  std::string root;
  ReleaseLayout layout = ReleaseLayout::kRepository;
  std::optional<std::string> revision;
  std::vector<FoundFile> files;            // sorted by relative path
  std::vector<std::string> known_missing;  // hub cache .no_exist entries
};

struct FindLimits {
  int max_depth = 8;
  size_t max_files_per_release = 100'000;
};

// The classification of one file name (the last path component, or a path
// relative to the root for README detection).
FileRole classify_file(const std::string& relative_path);

// Releases under `path`, in a stable order. An unreadable path is an Error;
// a directory with nothing recognisable gives one repository release with
// whatever it holds, so the caller can say what was missing.
Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits = {});

}  // namespace owl
