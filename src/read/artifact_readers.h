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

// What one GGUF says about the split set it may belong to. llama.cpp's
// gguf-split names shards NAME-00001-of-00003.gguf and writes split.no
// (0-based), split.count and split.tensors.count into every shard; the
// first shard also keeps the whole model's metadata.
struct GgufSplitKeys {
  std::optional<uint64_t> number, count, tensors_count;
  std::optional<std::string> architecture;
  std::vector<std::string> tensor_names;
};

struct ArtifactFacts {
  Artifact artifact;
  std::optional<GgufSplitKeys> gguf_split;  // every GGUF that was read
  std::vector<LicenseDeclaration> licenses;
  std::vector<BaseModelDeclaration> base_models;
  std::vector<DatasetDeclaration> datasets;
};

ArtifactFacts read_weights_file(const FoundFile& file);

// One file named like a GGUF shard, or a GGUF that carries split keys.
struct GgufShardFile {
  size_t artifact = 0;                // index into Release::artifacts
  std::optional<GgufSplitKeys> keys;  // absent when it was not read (a pointer, an error)
};

// Groups GGUF shards into their sets (gguf_split.cpp) and checks each set is
// whole and consistent: every shard present, split.count and split.no
// matching the names, the tensor total matching split.tensors.count, no
// tensor in two shards, one architecture. A missing or inconsistent shard
// is a problem on the release (the set cannot be loaded as shipped); each
// shard gets a note naming its set. Reads no bytes.
void check_gguf_splits(const std::vector<GgufShardFile>& shards, Release& release);

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
