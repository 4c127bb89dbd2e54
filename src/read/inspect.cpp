#include "owl/inspect.h"

#include <filesystem>

#include "artifact_readers.h"
#include "owl/bytes.h"

namespace owl {

namespace {

constexpr size_t kMaxTextBytes = 64u << 20;

bool starts_with(Bytes bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::string_view(reinterpret_cast<const char*>(bytes.data()), prefix.size()) == prefix;
}

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

template <class T>
Expected<Inspection> wrap(const std::string& path, const char* format, uint64_t size,
                          Expected<T>&& result) {
  if (!result) return result.error().in_file(path);
  return Inspection{path, format, size, std::move(*result)};
}

Expected<Inspection> inspect_text(const std::string& path, const std::string& name, Bytes bytes) {
  if (bytes.size() > kMaxTextBytes)
    return Error::limit(path, std::nullopt, "inspect.text-too-large",
                        "text files over 64 MB are not read");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const uint64_t size = bytes.size();
  if (ends_with(name, ".index.json"))
    return wrap(path, "safetensors-index", size, read_safetensors_index(text));
  if (name == "adapter_config.json")
    return wrap(path, "adapter-config", size, read_adapter_config(text));
  if (ends_with(name, ".json")) return wrap(path, "config", size, read_model_config(text));
  if (ends_with(name, ".yml") || ends_with(name, ".yaml"))
    return wrap(path, "merge-config", size, read_merge_config(text));
  if (ends_with(name, ".md") || name == "readme")
    return wrap(path, "model-card", size, read_model_card(text));
  return Error::unsupported(path, "inspect.unknown-format",
                            "not GGUF, safetensors, ONNX, a pickle/PyTorch/NumPy file, a Keras, "
                            "NeMo or ExecuTorch model, an LFS "
                            "pointer, a model card or a known JSON/YAML sidecar");
}

}  // namespace

Expected<Inspection> inspect_file(const std::string& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) return mapped.error();
  const Bytes bytes = mapped->bytes();
  // Copies out of git history ("x.index.json@0a854d4") read like the original.
  std::string name = detail::canonical_name(std::filesystem::path(path).filename().string());
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const uint64_t size = bytes.size();
  // A pointer stands in for any weights file, whatever its name says.
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (auto pointer = read_lfs_pointer(text); !pointer || pointer->has_value()) {
    if (!pointer) return pointer.error().in_file(path);
    return Inspection{path, "lfs-pointer", size, **pointer};
  }
  if (auto mismatch = detail::magic_mismatch(name, bytes)) return mismatch->error.in_file(path);
  if (starts_with(bytes, "GGUF")) return wrap(path, "gguf", size, read_gguf(bytes));
  if (looks_like_nemo_tar(bytes) || (starts_with(bytes, "\x1f\x8b") && ends_with(name, ".nemo")))
    return wrap(path, "nemo", size, read_nemo(bytes));
  if (looks_like_hdf5(bytes)) return wrap(path, "keras-h5", size, read_keras_h5(bytes));
  if (looks_like_executorch(bytes)) return wrap(path, "executorch", size, read_executorch(bytes));
  if (starts_with(bytes, "PK\x03\x04") &&
      (ends_with(name, ".keras") || looks_like_keras_archive(bytes)))
    return wrap(path, "keras", size, read_keras_archive(bytes));
  if (starts_with(bytes, "PK\x03\x04") || starts_with(bytes, "\x93NUMPY") ||
      looks_like_pickle(bytes) || looks_like_compressed_pickle(bytes))
    return wrap(path, "pytorch", size, read_pytorch(bytes));
  if (ends_with(name, ".onnx")) return wrap(path, "onnx", size, read_onnx(bytes));
  if (ends_with(name, ".safetensors") || (bytes.size() > 8 && bytes[8] == '{'))
    return wrap(path, "safetensors", size, read_safetensors(bytes));
  return inspect_text(path, name, bytes);
}

}  // namespace owl
