// Sniffs a weights file and runs the format reader that fits its bytes.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <variant>

#include "artifact_readers.h"
#include "owl/bytes.h"
#include "owl/chat_template.h"
#include "owl/executorch.h"
#include "owl/gguf.h"
#include "owl/keras.h"
#include "owl/model_card.h"
#include "owl/nemo.h"
#include "owl/onnx.h"
#include "owl/pickle.h"
#include "owl/safetensors.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

constexpr size_t kLfsPointerMaxBytes = 1024;  // per the Git LFS spec

bool starts_with(Bytes bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char a, uint8_t b) { return static_cast<uint8_t>(a) == b; });
}

// `head` is the file's first bytes, `size` its length.
bool looks_like_safetensors(Bytes head, uint64_t size) {
  if (head.size() < 10 || size < 10) return false;
  uint64_t header_length = 0;
  ByteCursor cursor(head);
  if (!cursor.read_u64(header_length) || header_length > size - 8) return false;
  const Bytes bytes = head;
  // The JSON header may start with whitespace (the reference tests allow it).
  for (size_t i = 8; i < bytes.size() && i < 8 + 64; ++i) {
    if (bytes[i] == '{') return true;
    if (!std::isspace(bytes[i])) return false;
  }
  return false;
}

// The safetensors layout's fixed part: a u64 length, then the JSON header's
// '{' (after optional whitespace). Whether the length fits is the reader's
// finer check.
bool opens_like_safetensors(Bytes bytes) {
  for (size_t i = 8; i < bytes.size() && i < 8 + 64; ++i) {
    if (bytes[i] == '{') return true;
    if (!std::isspace(bytes[i])) return false;
  }
  return false;
}

bool has_extension(const std::string& name, std::string_view ext) {
  return name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
}

// A Hub URL names the repo the way cards do ("org/name"); other URLs and
// bare names stay as written.
std::string lineage_name(const std::optional<std::string>& organization,
                         const std::optional<std::string>& name,
                         const std::optional<std::string>& repo_url) {
  constexpr std::string_view kHub = "https://huggingface.co/";
  if (repo_url && repo_url->rfind(kHub, 0) == 0 && repo_url->size() > kHub.size())
    return repo_url->substr(kHub.size());
  if (organization && name) return *organization + "/" + *name;
  if (name) return *name;
  return repo_url.value_or("");
}

// Every chat template the file carries (tokenizer.chat_template and the
// named ones, tokenizer.chat_template.<name>) is code the loader renders:
// checked like a pickle, its verdict the artifact's safety.
void check_chat_templates(const GgufFile& gguf, const std::string& path, Artifact& artifact) {
  for (const auto& entry : gguf.metadata) {
    if (!is_chat_template_key(entry.key)) continue;
    const auto* text = std::get_if<std::string>(&entry.value);
    if (text == nullptr) continue;
    const TemplateScan scan = scan_chat_template(*text);
    artifact.safety = std::max(artifact.safety.value_or(Safety::kSafe), scan.safety);
    const std::string source = path + " key " + entry.key;
    for (const auto& finding : scan.findings)
      artifact.safety_findings.push_back(describe(finding, source));
    if (scan.findings_not_recorded > 0)
      artifact.safety_findings.push_back(
          fmt::format("{} more finding(s) in {}", scan.findings_not_recorded, source));
  }
}

void add_gguf_facts(const GgufFile& gguf, const std::string& path, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.format = ArtifactFormat::kGguf;
  artifact.parameter_count = gguf.parameter_count;
  artifact.tensor_count = gguf.tensors.size();
  artifact.tensor_types = gguf.tensor_types;
  const GgufGeneral general = gguf_general(gguf);
  artifact.architecture = general.architecture;
  artifact.notes.push_back(
      fmt::format("GGUF v{}, {} metadata keys", gguf.version, gguf.metadata.size()));
  check_chat_templates(gguf, path, artifact);
  GgufSplitKeys split;
  split.number = gguf.get_uint("split.no");
  split.count = gguf.get_uint("split.count");
  split.tensors_count = gguf.get_uint("split.tensors.count");
  split.architecture = general.architecture;
  split.tensor_names.reserve(gguf.tensors.size());
  for (const auto& tensor : gguf.tensors) split.tensor_names.push_back(tensor.name);
  facts.gguf_split = std::move(split);
  const auto key = [&](const std::string& name) { return Source{path, "key " + name}; };
  if (general.license)
    facts.licenses.push_back(
        {DeclarationField::kLicense, *general.license, key("general.license")});
  if (general.license_name)
    facts.licenses.push_back(
        {DeclarationField::kLicenseName, *general.license_name, key("general.license.name")});
  if (general.license_link)
    facts.licenses.push_back(
        {DeclarationField::kLicenseLink, *general.license_link, key("general.license.link")});
  for (size_t i = 0; i < general.base_models.size(); ++i) {
    const auto& base = general.base_models[i];
    const std::string name = lineage_name(base.organization, base.name, base.repo_url);
    if (name.empty()) continue;
    facts.base_models.push_back({name, BaseRelation::kDerived, BaseOrigin::kWeightsMetadata,
                                 key(fmt::format("general.base_model.{}", i))});
  }
  for (size_t i = 0; i < general.datasets.size(); ++i) {
    const auto& dataset = general.datasets[i];
    const std::string name = lineage_name(dataset.organization, dataset.name, dataset.repo_url);
    if (!name.empty()) facts.datasets.push_back({name, key(fmt::format("general.dataset.{}", i))});
  }
}

void add_safetensors_facts(const SafetensorsFile& file, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.format = ArtifactFormat::kSafetensors;
  artifact.parameter_count = file.parameter_count;
  artifact.tensor_count = file.tensors.size();
  for (const auto& tensor : file.tensors) ++artifact.tensor_types[tensor.dtype];
  artifact.warnings = file.warnings;
  for (const auto& [key, value] : file.metadata)
    if (value.size() <= 200)
      artifact.notes.push_back(fmt::format("__metadata__ {} = {}", key, value));
  // MLX (mlx.core.save_safetensors, mlx-lm) writes __metadata__ format
  // "mlx"; its quantised layers keep packed U32 weights beside .scales and
  // .biases tensors. Plain safetensors either way: nothing in it runs code.
  const auto format = file.metadata.find("format");
  if (format != file.metadata.end() && format->second == "mlx") {
    const bool quantised = std::any_of(file.tensors.begin(), file.tensors.end(),
                                       [](const auto& t) { return t.name.ends_with(".scales"); });
    artifact.notes.push_back(quantised ? "written by MLX, quantised (packed weights with scales "
                                         "and biases)"
                                       : "written by MLX");
  }
}

void add_pytorch_facts(const PytorchCheckpoint& checkpoint, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  switch (checkpoint.container) {
    case PytorchCheckpoint::Container::kZip: artifact.format = ArtifactFormat::kPytorchZip; break;
    case PytorchCheckpoint::Container::kLegacyPickle:
      artifact.format = ArtifactFormat::kPytorchLegacy;
      break;
    case PytorchCheckpoint::Container::kPickle: artifact.format = ArtifactFormat::kPickle; break;
    case PytorchCheckpoint::Container::kNumpy: artifact.format = ArtifactFormat::kNumpy; break;
  }
  if (checkpoint.torchscript) {
    artifact.format = ArtifactFormat::kTorchScript;
    constexpr size_t kOperatorsShown = 24;
    std::string shown;
    for (size_t i = 0; i < checkpoint.torchscript_operators.size() && i < kOperatorsShown; ++i)
      shown += (i == 0 ? "" : ", ") + checkpoint.torchscript_operators[i];
    artifact.notes.push_back(
        fmt::format("TorchScript program calling {} operators{}{}{}",
                    checkpoint.torchscript_operators.size(), shown.empty() ? "" : ": ", shown,
                    checkpoint.torchscript_operators.size() > kOperatorsShown ? ", ..." : ""));
  }
  artifact.safety = checkpoint.safety;
  artifact.safety_findings = checkpoint.findings;
  artifact.pickle_sites = pickle_sites(checkpoint);
  if (checkpoint.storage_bytes > 0)
    artifact.notes.push_back(fmt::format("{} bytes of tensor storage", checkpoint.storage_bytes));
}

void add_keras_facts(const KerasModel& model, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.safety = model.safety;
  artifact.safety_findings = model.findings;
  if (model.config_sources.empty()) {
    artifact.notes.push_back("no Keras model config: weights only");
    return;
  }
  artifact.architecture = model.model_class;
  artifact.notes.push_back(fmt::format(
      "Keras {}{}{}, {} layers, {} serialised objects judged",
      model.keras_version.value_or("version unknown"), model.backend ? ", backend " : "",
      model.backend.value_or(""), model.layer_count, model.objects_judged));
}

void add_nemo_facts(const NemoArchive& archive, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.safety = archive.safety;
  artifact.safety_findings = archive.findings;
  PickleSites sites;
  for (const auto& [member, checkpoint] : archive.checkpoints) {
    const PickleSites inner = pickle_sites(checkpoint);
    for (const auto& [where, global] : inner.globals)
      sites.globals.emplace_back(member + "/" + where, global);
    for (const auto& [where, call] : inner.calls)
      sites.calls.emplace_back(member + "/" + where, call);
    sites.calls_not_recorded += inner.calls_not_recorded;
  }
  artifact.pickle_sites = std::move(sites);
  artifact.notes.push_back(fmt::format(
      "NeMo archive{}: {} members, {} checkpoints, {} Hydra targets", archive.gzip ? " (gzip)" : "",
      archive.member_count, archive.checkpoints.size(), archive.targets.size()));
}

void add_executorch_facts(const ExecutorchProgram& program, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.safety = program.safety;
  artifact.safety_findings = program.findings;
  artifact.notes.push_back(fmt::format("ExecuTorch {}: {} methods, {} operators, {} delegates",
                                       program.identifier, program.plans.size(),
                                       program.operators.size(), program.delegates.size()));
}

void add_onnx_facts(const OnnxModel& onnx, ArtifactFacts& facts) {
  auto& artifact = facts.artifact;
  artifact.parameter_count = onnx.parameter_count;
  artifact.tensor_count = onnx.initializer_count;
  artifact.notes.push_back(
      fmt::format("producer {} {}", onnx.producer_name, onnx.producer_version));
}

// A reader's result as the artifact's facts, or its refusal; the artifact
// keeps `format` either way.
template <class Value, class Add>
void add_result(ArtifactFormat format, const Expected<Value>& value, Add add, const FoundFile& file,
                ArtifactFacts& facts) {
  facts.artifact.format = format;
  if (value)
    add(*value, facts);
  else
    facts.artifact.error = value.error().in_file(file.relative);
}

}  // namespace

void add_nemo_result(const Expected<NemoArchive>& archive, const FoundFile& file,
                     ArtifactFacts& facts) {
  add_result(ArtifactFormat::kNemo, archive, add_nemo_facts, file, facts);
}

namespace {

void read_by_content(Bytes bytes, const FoundFile& file, ArtifactFacts& facts) {
  if (auto mismatch = magic_mismatch(file.relative, bytes)) {
    facts.artifact.format = mismatch->claimed;
    facts.artifact.error = mismatch->error.in_file(file.relative);
    return;
  }
  read_route(route_of(bytes, bytes.size(), file.relative), bytes, file, facts);
}

bool read_as_lfs_pointer(Bytes bytes, const FoundFile& file, ArtifactFacts& facts) {
  if (bytes.size() > kLfsPointerMaxBytes) return false;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto pointer = read_lfs_pointer(text);
  if (!pointer) {
    facts.artifact.format = ArtifactFormat::kLfsPointer;
    facts.artifact.error = pointer.error().in_file(file.relative);
    return true;
  }
  if (!pointer->has_value()) return false;
  auto& artifact = facts.artifact;
  artifact.format = ArtifactFormat::kLfsPointer;
  artifact.size_bytes = (*pointer)->size;
  artifact.recorded_sha256 = (*pointer)->oid_sha256;
  artifact.recorded_sha256_source = Source{file.relative, "oid"};
  artifact.notes.push_back("Git LFS pointer: the weights themselves are not present");
  return true;
}

}  // namespace

std::optional<MagicMismatch> magic_mismatch(const std::string& name, Bytes bytes) {
  const std::string lower = ascii_lower(canonical_name(name));
  const auto found = [&] {
    std::string hex;
    for (size_t i = 0; i < bytes.size() && i < 4; ++i)
      hex += fmt::format("{}{:02x}", hex.empty() ? "" : " ", bytes[i]);
    return hex.empty() ? std::string("an empty file") : "bytes " + hex;
  };
  if (has_extension(lower, ".gguf") && !starts_with(bytes, "GGUF"))
    return MagicMismatch{
        ArtifactFormat::kGguf,
        Error::corrupt(name, 0, "gguf.magic",
                       "not a GGUF file: expected magic 'GGUF', found " + found())};
  if (has_extension(lower, ".safetensors") && !opens_like_safetensors(bytes))
    return MagicMismatch{
        ArtifactFormat::kSafetensors,
        Error::corrupt(name, 0, "safetensors.magic",
                       "not a safetensors file: expected an 8-byte little-endian header length "
                       "then '{', found " +
                           found())};
  if (has_extension(lower, ".keras") && !starts_with(bytes, "PK\x03\x04"))
    return MagicMismatch{ArtifactFormat::kKeras,
                         Error::corrupt(name, 0, "keras.magic",
                                        "not a Keras archive: expected a zip (magic "
                                        "'PK\\x03\\x04'), found " +
                                            found())};
  if ((has_extension(lower, ".h5") || has_extension(lower, ".hdf5")) && !looks_like_hdf5(bytes))
    return MagicMismatch{ArtifactFormat::kKerasH5,
                         Error::corrupt(name, 0, "keras-h5.magic",
                                        "not an HDF5 file: expected the signature "
                                        "'\\x89HDF\\r\\n\\x1a\\n', found " +
                                            found())};
  const bool pytorch_name =
      has_extension(lower, ".bin") || has_extension(lower, ".pt") || has_extension(lower, ".pth");
  if (pytorch_name && !starts_with(bytes, "PK\x03\x04") && !looks_like_pickle(bytes))
    return MagicMismatch{
        ArtifactFormat::kPytorchZip,
        Error::corrupt(name, 0, "pytorch.magic",
                       "not a PyTorch file: expected a zip archive (magic 'PK\\x03\\x04') or a "
                       "pickle stream (opening with the PROTO opcode 0x80), found " +
                           found())};
  return std::nullopt;
}

WeightsRoute route_of(Bytes head, uint64_t size, const std::string& relative) {
  const std::string lower = ascii_lower(canonical_name(relative));
  if (starts_with(head, "GGUF")) return WeightsRoute::kGguf;
  if (looks_like_nemo_tar(head) || (starts_with(head, "\x1f\x8b") && has_extension(lower, ".nemo")))
    return WeightsRoute::kNemo;
  if (looks_like_executorch(head)) return WeightsRoute::kExecutorch;
  if (looks_like_hdf5(head)) return WeightsRoute::kKerasH5;
  if (starts_with(head, "PK\x03\x04")) return WeightsRoute::kZip;
  if (starts_with(head, "\x93NUMPY") || looks_like_pickle(head) ||
      looks_like_compressed_pickle(head))
    return WeightsRoute::kPickled;
  if (looks_like_safetensors(head, size) || has_extension(relative, ".safetensors"))
    return WeightsRoute::kSafetensors;
  if (has_extension(relative, ".onnx")) return WeightsRoute::kOnnx;
  return WeightsRoute::kUnknown;
}

void read_route(WeightsRoute route, Bytes bytes, const FoundFile& file, ArtifactFacts& facts) {
  switch (route) {
    case WeightsRoute::kGguf: add_gguf_result(read_gguf(bytes), file, facts); return;
    case WeightsRoute::kNemo: add_nemo_result(read_nemo(bytes), file, facts); return;
    case WeightsRoute::kExecutorch:
      add_result(ArtifactFormat::kExecutorch, read_executorch(bytes), add_executorch_facts, file,
                 facts);
      return;
    case WeightsRoute::kKerasH5:
      add_keras_result(ArtifactFormat::kKerasH5, read_keras_h5(bytes), file, facts);
      return;
    case WeightsRoute::kZip:
      if (has_extension(ascii_lower(canonical_name(file.relative)), ".keras") ||
          looks_like_keras_archive(bytes)) {
        add_keras_result(ArtifactFormat::kKeras, read_keras_archive(bytes), file, facts);
        return;
      }
      add_pytorch_result(read_pytorch(bytes), ArtifactFormat::kPytorchZip, file, facts);
      return;
    case WeightsRoute::kPickled:
      add_pytorch_result(read_pytorch(bytes), ArtifactFormat::kPickle, file, facts);
      return;
    case WeightsRoute::kSafetensors:
      add_safetensors_result(read_safetensors(bytes), file, facts);
      return;
    case WeightsRoute::kOnnx:
      add_result(ArtifactFormat::kOnnx, read_onnx(bytes), add_onnx_facts, file, facts);
      return;
    case WeightsRoute::kUnknown:
      facts.artifact.notes.push_back("format not recognised from its first bytes");
      return;
  }
}

void add_gguf_result(const Expected<GgufFile>& gguf, const FoundFile& file, ArtifactFacts& facts) {
  if (gguf) {
    add_gguf_facts(*gguf, file.relative, facts);
    return;
  }
  facts.artifact.format = ArtifactFormat::kGguf;
  facts.artifact.error = gguf.error().in_file(file.relative);
}

void add_safetensors_result(const Expected<SafetensorsFile>& safetensors, const FoundFile& file,
                            ArtifactFacts& facts) {
  if (safetensors) {
    add_safetensors_facts(*safetensors, facts);
    return;
  }
  facts.artifact.format = ArtifactFormat::kSafetensors;
  facts.artifact.error = safetensors.error().in_file(file.relative);
}

void add_pytorch_result(const Expected<PytorchCheckpoint>& checkpoint, ArtifactFormat refused_as,
                        const FoundFile& file, ArtifactFacts& facts) {
  if (checkpoint) {
    add_pytorch_facts(*checkpoint, facts);
    return;
  }
  facts.artifact.format = refused_as;
  facts.artifact.error = checkpoint.error().in_file(file.relative);
}

void add_keras_result(ArtifactFormat format, const Expected<KerasModel>& model,
                      const FoundFile& file, ArtifactFacts& facts) {
  facts.artifact.format = format;
  if (model)
    add_keras_facts(*model, facts);
  else
    facts.artifact.error = model.error().in_file(file.relative);
}

std::string canonical_name(const std::string& relative) {
  std::string name = relative;
  if (const auto at = name.rfind('@');
      at != std::string::npos && at + 1 < name.size() &&
      std::all_of(name.begin() + static_cast<long>(at) + 1, name.end(),
                  [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
    name.resize(at);
  constexpr std::string_view kPointerSuffix = ".lfs-pointer";
  if (has_extension(name, kPointerSuffix)) name.resize(name.size() - kPointerSuffix.size());
  return name;
}

ArtifactFacts read_weights_file(const FoundFile& file) {
  auto mapped = MappedFile::open(file.path);
  if (!mapped) {
    ArtifactFacts facts;
    facts.artifact.path = file.relative;
    facts.artifact.size_bytes = file.size;
    facts.artifact.error = mapped.error().in_file(file.relative);
    return facts;
  }
  MappedByteSource source(std::move(*mapped), file.relative);
  return read_weights_file(file, source);
}

void read_weights_bytes(Bytes bytes, const FoundFile& file, ArtifactFacts& facts) {
  if (!read_as_lfs_pointer(bytes, file, facts)) read_by_content(bytes, file, facts);
}

}  // namespace owl::detail
