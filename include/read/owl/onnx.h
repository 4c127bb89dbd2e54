// ONNX model header reader: walks the ModelProto protobuf wire format and
// keeps producer, opsets and metadata_props. Initializer tensors inside the
// graph are skipped by length, never copied. Nesting depth and field counts
// are capped. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl {

struct OnnxModel {
  int64_t ir_version = 0;
  std::string producer_name, producer_version, domain, doc_string, graph_name;
  int64_t model_version = 0;
  std::vector<std::pair<std::string, int64_t>> opsets;  // domain ("" = ai.onnx) -> version
  std::map<std::string, std::string> metadata_props;
  uint64_t initializer_count = 0;
  uint64_t parameter_count = 0;  // product of initializer dims
  uint64_t node_count = 0;
};

Expected<OnnxModel> read_onnx(Bytes bytes);

}  // namespace owl
