// read_onnx: the ModelProto fields owl reports, from onnx.proto3:
//   ModelProto: ir_version 1, producer_name 2, producer_version 3, domain 4,
//     model_version 5, doc_string 6, graph 7, opset_import 8,
//     metadata_props 14
//   OperatorSetIdProto: domain 1, version 2
//   StringStringEntryProto: key 1, value 2
//   GraphProto: node 1 (counted), name 2, initializer 5
//   TensorProto: dims 1 (packed or not), the rest skipped by length
// Unknown fields are skipped by wire type, as protobuf parsers do; a known
// field with the wrong wire type is an error rather than silently ignored.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "owl/onnx.h"
#include "read/onnx_wire.h"

namespace owl {

namespace {

using onnx_wire::Field;
using onnx_wire::MessageReader;
using onnx_wire::WireType;

// Stored repeated entries are capped; counted ones (nodes) need no cap.
constexpr size_t kMaxOpsets = 1024;
constexpr size_t kMaxMetadataProps = 4096;

Status expect_wire(const Field& field, WireType expected, std::string_view name) {
  if (field.wire_type == expected) return Ok{};
  return Error::corrupt(
      "", field.offset, "onnx.wrong-wire-type",
      fmt::format("{} (field {}): expected {}, found {}", name, field.number,
                  onnx_wire::to_string(expected), onnx_wire::to_string(field.wire_type)));
}

Status read_string(const Field& field, std::string_view name, std::string& out) {
  if (auto wire = expect_wire(field, WireType::kLengthDelimited, name); !wire) return wire;
  out.assign(reinterpret_cast<const char*>(field.payload.data()), field.payload.size());
  return Ok{};
}

// int32 and int64 fields are varints holding the two's-complement value.
Status read_int(const Field& field, std::string_view name, int64_t& out) {
  if (auto wire = expect_wire(field, WireType::kVarint, name); !wire) return wire;
  out = static_cast<int64_t>(field.value);
  return Ok{};
}

Status read_opset(MessageReader opset, OnnxModel& model) {
  if (model.opsets.size() >= kMaxOpsets) {
    return Error::limit("", std::nullopt, "onnx.too-many-opsets",
                        fmt::format("expected at most {} opset_import entries", kMaxOpsets));
  }
  std::string domain;
  int64_t version = 0;
  while (!opset.at_end()) {
    auto field = opset.next();
    if (!field) return field.error();
    Status status = Ok{};
    if (field->number == 1) status = read_string(*field, "opset domain", domain);
    if (field->number == 2) status = read_int(*field, "opset version", version);
    if (!status) return status;
  }
  model.opsets.emplace_back(std::move(domain), version);
  return Ok{};
}

Status read_metadata_prop(MessageReader entry, uint64_t offset, OnnxModel& model) {
  if (model.metadata_props.size() >= kMaxMetadataProps) {
    return Error::limit("", offset, "onnx.too-many-metadata-props",
                        fmt::format("expected at most {} metadata_props", kMaxMetadataProps));
  }
  std::string key, value;
  while (!entry.at_end()) {
    auto field = entry.next();
    if (!field) return field.error();
    Status status = Ok{};
    if (field->number == 1) status = read_string(*field, "metadata key", key);
    if (field->number == 2) status = read_string(*field, "metadata value", value);
    if (!status) return status;
  }
  // ONNX requires unique keys; a second "license" could say anything.
  if (!model.metadata_props.emplace(key, std::move(value)).second) {
    return Error::corrupt(
        "", offset, "onnx.duplicate-metadata-key",
        fmt::format("expected unique metadata_props keys, found '{}' again", key));
  }
  return Ok{};
}

Status multiply_dim(const Field& field, uint64_t dim, uint64_t& elements) {
  if (static_cast<int64_t>(dim) < 0) {
    return Error::corrupt(
        "", field.offset, "onnx.negative-dim",
        fmt::format("expected initializer dims of 0 or more, found {}", static_cast<int64_t>(dim)));
  }
  if (!checked_mul(elements, dim, elements)) {
    return Error::corrupt("", field.offset, "onnx.element-count-overflow",
                          "an initializer's dims multiply to more than 2^64-1 elements");
  }
  return Ok{};
}

// dims is `repeated int64`: one varint per field, or packed in one payload.
Status read_dims(const Field& field, uint64_t& elements) {
  if (field.wire_type == WireType::kVarint) return multiply_dim(field, field.value, elements);
  if (auto wire = expect_wire(field, WireType::kLengthDelimited, "tensor dims"); !wire) {
    return wire;
  }
  ByteCursor packed(field.payload, field.payload_offset);
  while (!packed.at_end()) {
    auto dim = onnx_wire::read_varint(packed);
    if (!dim) return dim.error();
    if (auto status = multiply_dim(field, *dim, elements); !status) return status;
  }
  return Ok{};
}

Status read_initializer(MessageReader tensor, OnnxModel& model) {
  uint64_t elements = 1;
  while (!tensor.at_end()) {
    auto field = tensor.next();
    if (!field) return field.error();
    if (field->number != 1) continue;  // data_type, name, raw_data...: not needed
    if (auto status = read_dims(*field, elements); !status) return status;
  }
  ++model.initializer_count;
  if (!checked_add(model.parameter_count, elements, model.parameter_count)) {
    return Error::corrupt("", std::nullopt, "onnx.parameter-count-overflow",
                          "the initializers' element counts add up to more than 2^64-1");
  }
  return Ok{};
}

Status read_graph(MessageReader graph, OnnxModel& model) {
  while (!graph.at_end()) {
    auto field = graph.next();
    if (!field) return field.error();
    if (field->number == 1) {
      if (auto wire = expect_wire(*field, WireType::kLengthDelimited, "node"); !wire) return wire;
      ++model.node_count;
    } else if (field->number == 2) {
      if (auto status = read_string(*field, "graph name", model.graph_name); !status) return status;
    } else if (field->number == 5) {
      auto tensor = graph.open(*field);
      if (!tensor) return tensor.error();
      if (auto status = read_initializer(*tensor, model); !status) return status;
    }
  }
  return Ok{};
}

// A sub-message field: opened one level deeper, then read by `read`.
template <class ReadFn>
Status read_nested(const MessageReader& parent, const Field& field, ReadFn read) {
  auto child = parent.open(field);
  if (!child) return child.error();
  return read(*child);
}

Status read_model_field(const MessageReader& model_reader, const Field& field, OnnxModel& model,
                        bool& saw_ir_version) {
  switch (field.number) {
    case 1: saw_ir_version = true; return read_int(field, "ir_version", model.ir_version);
    case 2: return read_string(field, "producer_name", model.producer_name);
    case 3: return read_string(field, "producer_version", model.producer_version);
    case 4: return read_string(field, "domain", model.domain);
    case 5: return read_int(field, "model_version", model.model_version);
    case 6: return read_string(field, "doc_string", model.doc_string);
    case 7:
      return read_nested(model_reader, field,
                         [&](MessageReader graph) { return read_graph(graph, model); });
    case 8:
      return read_nested(model_reader, field,
                         [&](MessageReader opset) { return read_opset(opset, model); });
    case 14:
      return read_nested(model_reader, field, [&](MessageReader entry) {
        return read_metadata_prop(entry, field.offset, model);
      });
    default: return Ok{};
  }
}

}  // namespace

Expected<OnnxModel> read_onnx(Bytes bytes) {
  MessageReader reader(bytes, 0, 0);
  OnnxModel model;
  bool saw_ir_version = false;
  while (!reader.at_end()) {
    auto field = reader.next();
    if (!field) return field.error();
    if (auto status = read_model_field(reader, *field, model, saw_ir_version); !status) {
      return status.error();
    }
  }
  // Every ONNX writer sets ir_version; without it, bytes that merely happen
  // to be valid protobuf (or an empty file) would pass as a model.
  if (!saw_ir_version) {
    return Error::corrupt("", std::nullopt, "onnx.missing-ir-version",
                          "expected ir_version (field 1) in the ModelProto, found none");
  }
  return model;
}

}  // namespace owl
