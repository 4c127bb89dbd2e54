// Internal to the read stage: turns one weights file into an Artifact (and
// the declarations its header carries) by sniffing its magic bytes and
// running the matching format reader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "owl/byte_source.h"
#include "owl/bytes.h"
#include "owl/find.h"
#include "owl/gguf.h"
#include "owl/keras.h"
#include "owl/nemo.h"
#include "owl/pickle.h"
#include "owl/release.h"
#include "owl/safetensors.h"

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

// A chat template file (FileRole::kChatTemplate) from its text, read up to
// kChatTemplateFileMaxBytes: an artifact of format kChatTemplate whose
// safety is its templates' (chat_template_file.cpp). nullopt for a
// tokenizer config that carries no template. A file that is not the JSON
// it should be is the artifact's Error: transformers could not load it
// either, and an audit must not pass a file it could not read.
inline constexpr uint64_t kChatTemplateFileMaxBytes = uint64_t{16} << 20;
std::optional<Artifact> read_chat_template_file(const FoundFile& file,
                                                const Expected<std::string>& text);

// A local weights file: mapped, then read through the seam below.
ArtifactFacts read_weights_file(const FoundFile& file);

// How much of a file without a whole mapping (a remote file) is fetched.
// Tests shrink these to drive every reader's ranged path over small files.
struct RangedLimits {
  uint64_t first_read = uint64_t{64} << 10;  // the sniff; a smaller file is read whole
  // A GGUF prefix grows to the reader's estimate of its header's end; with
  // no estimate it doubles from gguf_first. A pickle stream's (legacy
  // torch.save, plain pickle, .npy) grows to where an opcode says it goes,
  // else doubles. Neither goes past prefix_cap.
  uint64_t gguf_first = uint64_t{1} << 20;
  uint64_t prefix_cap = uint64_t{64} << 20;
  // Formats that need the whole file (compressed pickles, a gzip'd NeMo,
  // ExecuTorch, ONNX, HDF5) are fetched whole up to this size, and not
  // inspected above it.
  uint64_t whole_cap = uint64_t{16} << 20;
};

// The seam: a source with a whole mapping is read exactly as a local file;
// one without (a remote file) is sniffed from one prefix read, and then
// only what the verdict needs is fetched: the safetensors length and JSON
// header, a GGUF prefix grown to where its reader expects the header to
// end, a legacy torch.save / pickle / .npy prefix grown until the pickle
// walk no longer runs off it, a zip's central directory and the members
// judged (never a storage), a .nemo tar's headers, configs and checkpoint
// starts. Any other format (and a gzip'd .nemo) is fetched whole up to
// RangedLimits::whole_cap; past it, or past prefix_cap, the artifact names
// its format and a "cannot inspect remotely" finding, and a format that can
// run code is suspicious. A failed read is the artifact's Error, with the
// source's rule. weights_ranged.cpp.
ArtifactFacts read_weights_file(const FoundFile& file, ByteSource& source,
                                const RangedLimits& limits = {});

// What a file's first bytes (and its name) say it is. `head` is the file's
// first bytes (enough for every magic: a few KiB), `size` its length.
enum class WeightsRoute {
  kGguf,
  kNemo,
  kExecutorch,
  kKerasH5,
  kZip,      // a .keras archive or a PyTorch/NumPy zip
  kPickled,  // a pickle stream, a legacy torch.save, a .npy, a compressed pickle
  kSafetensors,
  kOnnx,
  kUnknown,
};
WeightsRoute route_of(Bytes head, uint64_t size, const std::string& relative);

// The whole file's bytes, read as a local file is: a Git LFS pointer, or the
// format its magic bytes name.
void read_weights_bytes(Bytes bytes, const FoundFile& file, ArtifactFacts& facts);
// The route's reader over the whole file.
void read_route(WeightsRoute route, Bytes bytes, const FoundFile& file, ArtifactFacts& facts);

// A reader's result turned into the artifact's facts, or its Error (the
// artifact keeps the format it was read as).
void add_gguf_result(const Expected<GgufFile>& gguf, const FoundFile& file, ArtifactFacts& facts);
void add_safetensors_result(const Expected<SafetensorsFile>& safetensors, const FoundFile& file,
                            ArtifactFacts& facts);
void add_pytorch_result(const Expected<PytorchCheckpoint>& checkpoint, ArtifactFormat refused_as,
                        const FoundFile& file, ArtifactFacts& facts);
void add_keras_result(ArtifactFormat format, const Expected<KerasModel>& model,
                      const FoundFile& file, ArtifactFacts& facts);
void add_nemo_result(const Expected<NemoArchive>& archive, const FoundFile& file,
                     ArtifactFacts& facts);

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
