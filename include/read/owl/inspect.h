// `owl inspect`: what one reader found in one file, unjudged.
//
// inspect_file picks the reader by content (magic bytes) and, for text
// formats, by name (README.md is a card; *.index.json an index; config.json,
// adapter_config.json; mergekit YAML), runs it, and returns its plain
// struct. The report stage prints it. Thread-safe: no shared state.
#pragma once

#include <string>
#include <variant>

#include "owl/error.h"
#include "owl/executorch.h"
#include "owl/gguf.h"
#include "owl/keras.h"
#include "owl/model_card.h"
#include "owl/nemo.h"
#include "owl/onnx.h"
#include "owl/pickle.h"
#include "owl/safetensors.h"

namespace owl {

using InspectedContent =
    std::variant<GgufFile, SafetensorsFile, SafetensorsIndex, PytorchCheckpoint, KerasModel,
                 NemoArchive, ExecutorchProgram, OnnxModel, ModelCard, LfsPointer, ModelConfig,
                 AdapterConfig, MergeConfig>;

struct Inspection {
  std::string path;
  std::string format;  // "gguf", "safetensors", "model-card", ...
  uint64_t size_bytes = 0;
  InspectedContent content;
};

Expected<Inspection> inspect_file(const std::string& path);

}  // namespace owl
