// The find stage: turns the paths a user names into release locations.
//
// A path may be one weights file, a directory holding one release (a
// Hugging Face repo clone or snapshot), a Hugging Face cache (`hub/` with
// `models--ORG--NAME/{refs,snapshots,blobs}`, and `datasets--ORG--NAME`
// read as datasets; `spaces--` entries are passed over with a note), one
// cached model folder, one snapshot folder, a folder of release folders, or
// a folder of loose weights files (each file, or each set of shards, its own
// release). Files are classified by name only (the read stage checks
// content); symlinks to files are followed, which is how hub snapshots
// point into blobs/, but symlinks to directories inside a release are not,
// so a loop cannot trap the walk (each is a problem on the release). Every
// walk is bounded in depth and file count, and reaching a bound is a
// problem too. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "owl/byte_source.h"
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
  kChatTemplate,   // tokenizer_config.json, chat_template.json / .jinja,
                   // additional_chat_templates/*.jinja
  kOther,
};
const char* to_string(FileRole role);

struct FoundFile {
  std::string path;      // openable path (may be a symlink into blobs/)
  std::string relative;  // relative to the release root, '/'-separated
  uint64_t size = 0;     // of the target, after following a symlink
  FileRole role = FileRole::kOther;
  // The SHA-256 the host records for the file (the Hub's LFS oid), when the
  // file was listed remotely; it becomes the artifact's recorded digest.
  std::optional<std::string> recorded_sha256;
};

// How the read stage opens a release's files. A local walk leaves
// ReleaseLocation::opener empty and read maps each path; a release listed on
// the Hugging Face Hub (owl_hub) sets it, and the same readers then fetch
// byte ranges through it. Implementations must be safe to call from the one
// worker thread that reads the release.
class FileOpener {
 public:
  virtual ~FileOpener() = default;
  virtual Expected<std::unique_ptr<ByteSource>> open(const FoundFile& file) const = 0;
  // A text document's first `max_bytes` (a card, a licence, a config).
  virtual Expected<std::string> read_text(const FoundFile& file, size_t max_bytes) const = 0;
};

struct ReleaseLocation {
  std::string name;
  std::string root;
  ReleaseKind kind = ReleaseKind::kModel;
  ReleaseLayout layout = ReleaseLayout::kRepository;
  std::optional<std::string> revision;
  std::vector<FoundFile> files;              // sorted by relative path
  std::vector<std::string> known_missing;    // hub cache .no_exist entries
  std::vector<Error> problems;               // what the walk could not list or follow
  std::shared_ptr<const FileOpener> opener;  // empty: local files, opened by path
  std::optional<HubRecord> hub;              // what the Hub API says of a remote release
};

// What a walk met outside any release: folders it could not list or follow
// between releases (errors), and entries it passes over on purpose, such as
// a hub cache's Spaces (notes, one line each).
struct FindNotices {
  std::vector<Error> errors;
  std::vector<std::string> notes;
};

struct FindLimits {
  int max_depth = 8;
  size_t max_files_per_release = 100'000;
  // False: find where releases are and their names, but not their files
  // (a walk for names only, such as the scan's first pass).
  bool list_files = true;
};

// The classification of one file name (the last path component, or a path
// relative to the root for README detection).
FileRole classify_file(const std::string& relative_path);

// Releases under `path`, in a stable order. A path that does not exist or
// is not a file or folder is an Error; a directory with nothing
// recognisable gives one repository release with whatever it holds, so the
// caller can say what was missing. Never throws: a filesystem error inside
// a release is a problem on it, one between releases goes to `notices`.
Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits,
                                                     FindNotices& notices);
// The same, for callers that only want the releases: notices are dropped.
Expected<std::vector<ReleaseLocation>> find_releases(const std::string& path,
                                                     const FindLimits& limits = {});

// find_releases handing each release to `visit` as the walk meets it, in
// the same order, instead of listing them all: a folder of 100,000
// releases then costs one location at a time. A path that cannot be walked
// at all is the Error; `visit` may have been called before a late failure.
using ReleaseVisitor = std::function<void(ReleaseLocation&&)>;
Status visit_releases(const std::string& path, const FindLimits& limits, FindNotices& notices,
                      const ReleaseVisitor& visit);

}  // namespace owl
