// JSON form of each reader's result, for `owl inspect --json`. The text form
// is rendered from the same tree (inspect_text.cpp), so the two never drift.
#include <nlohmann/json.hpp>

#include "inspect_tree.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

using nlohmann::ordered_json;

template <class T>
ordered_json opt(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json gguf_value(const GgufValue& value);

ordered_json gguf_array(const GgufArray& array) {
  ordered_json head = ordered_json::array();
  for (const auto& element : array.head) head.push_back(gguf_value(element));
  return {{"element_type", to_string(array.element_type)}, {"count", array.count}, {"head", head}};
}

ordered_json gguf_value(const GgufValue& value) {
  return std::visit(
      [](const auto& v) -> ordered_json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, GgufArray>)
          return gguf_array(v);
        else
          return ordered_json(v);
      },
      value);
}

ordered_json to_tree(const GgufFile& file) {
  ordered_json metadata = ordered_json::array();
  for (const auto& kv : file.metadata)
    metadata.push_back(
        {{"key", kv.key}, {"type", to_string(kv.type)}, {"value", gguf_value(kv.value)}});
  ordered_json tensors = ordered_json::array();
  for (const auto& tensor : file.tensors)
    tensors.push_back({{"name", tensor.name},
                       {"type", ggml_type_name(tensor.ggml_type)},
                       {"dims", tensor.dims},
                       {"offset", tensor.offset},
                       {"n_bytes", tensor.n_bytes}});
  return {{"version", file.version},
          {"alignment", file.alignment},
          {"data_offset", file.data_offset},
          {"parameter_count", file.parameter_count},
          {"tensor_types", file.tensor_types},
          {"metadata", metadata},
          {"tensors", tensors}};
}

ordered_json to_tree(const SafetensorsFile& file) {
  ordered_json tensors = ordered_json::array();
  for (const auto& tensor : file.tensors)
    tensors.push_back({{"name", tensor.name},
                       {"dtype", tensor.dtype},
                       {"shape", tensor.shape},
                       {"data_offsets", {tensor.begin, tensor.end}}});
  return {{"header_length", file.header_length},
          {"metadata", file.metadata},
          {"parameter_count", file.parameter_count},
          {"dtype_parameters", file.dtype_parameters},
          {"data_size", file.data_size},
          {"warnings", file.warnings},
          {"tensors", tensors}};
}

ordered_json to_tree(const SafetensorsIndex& index) {
  return {{"total_size", opt(index.total_size)},
          {"metadata", index.metadata},
          {"shards", index.shards},
          {"tensor_count", index.weight_map.size()}};
}

ordered_json calls_tree(const PickleCall& call) {
  return {
      {"opcode", call.opcode},
      {"offset", call.offset},
      {"callable", call.callable.empty() ? ordered_json(nullptr) : ordered_json(call.callable)}};
}

ordered_json to_tree(const PickleScan& scan) {
  ordered_json imports = ordered_json::array();
  for (const auto& import : scan.imports)
    imports.push_back({{"global", import.module + "." + import.name},
                       {"opcode", import.opcode},
                       {"offset", import.offset},
                       {"called", import.called},
                       {"nested_in", import.nested_in},
                       {"after_fault", import.after_fault},
                       {"safety", to_string(import.safety)},
                       {"reason", import.reason}});
  ordered_json calls = ordered_json::array();
  for (const auto& call : scan.calls) calls.push_back(calls_tree(call));
  return {{"protocol", scan.protocol},
          {"opcode_count", scan.opcode_count},
          {"complete", scan.complete},
          {"trailing_bytes", scan.trailing_bytes},
          {"safety", to_string(scan.safety)},
          {"findings", scan.findings},
          {"error", scan.error ? ordered_json(scan.error->message()) : ordered_json(nullptr)},
          {"imports", imports},
          {"calls", calls},
          {"calls_not_recorded", scan.calls_not_recorded}};
}

const char* container_name(PytorchCheckpoint::Container container) {
  switch (container) {
    case PytorchCheckpoint::Container::kZip: return "zip";
    case PytorchCheckpoint::Container::kLegacyPickle: return "legacy-pickle";
    case PytorchCheckpoint::Container::kPickle: return "pickle";
    case PytorchCheckpoint::Container::kNumpy: return "numpy";
  }
  return "zip";
}

ordered_json to_tree(const PytorchCheckpoint& checkpoint) {
  ordered_json entries = ordered_json::array();
  for (const auto& entry : checkpoint.entries)
    entries.push_back({{"name", entry.name},
                       {"size", entry.uncompressed_size},
                       {"compressed_size", entry.compressed_size},
                       {"is_pickle", entry.is_pickle},
                       {"encrypted", entry.encrypted}});
  ordered_json pickles = ordered_json::array();
  for (const auto& [where, scan] : checkpoint.pickles) {
    ordered_json item = to_tree(scan);
    item["member"] = where;
    pickles.push_back(item);
  }
  return {{"container", container_name(checkpoint.container)},
          {"safety", to_string(checkpoint.safety)},
          {"findings", checkpoint.findings},
          {"storage_bytes", checkpoint.storage_bytes},
          {"torchscript", checkpoint.torchscript},
          {"torchscript_operators", checkpoint.torchscript_operators},
          {"entries", entries},
          {"pickles", pickles}};
}

ordered_json to_tree(const KerasModel& model) {
  return {{"container", model.container == KerasModel::Container::kHdf5 ? "hdf5" : "keras-zip"},
          {"safety", to_string(model.safety)},
          {"findings", model.findings},
          {"config_sources", model.config_sources},
          {"keras_version", opt(model.keras_version)},
          {"backend", opt(model.backend)},
          {"model_class", opt(model.model_class)},
          {"layer_count", model.layer_count},
          {"objects_judged", model.objects_judged}};
}

ordered_json to_tree(const NemoArchive& archive) {
  ordered_json checkpoints = ordered_json::array();
  for (const auto& [member, checkpoint] : archive.checkpoints) {
    ordered_json item = to_tree(checkpoint);
    item["member"] = member;
    checkpoints.push_back(item);
  }
  return {{"gzip", archive.gzip},
          {"safety", to_string(archive.safety)},
          {"findings", archive.findings},
          {"member_count", archive.member_count},
          {"config_members", archive.config_members},
          {"targets", archive.targets},
          {"checkpoints", checkpoints}};
}

ordered_json to_tree(const ExecutorchProgram& program) {
  return {{"identifier", program.identifier},
          {"version", program.version},
          {"safety", to_string(program.safety)},
          {"findings", program.findings},
          {"plans", program.plans},
          {"operators", program.operators},
          {"delegates", program.delegates}};
}

ordered_json to_tree(const OnnxModel& model) {
  ordered_json opsets = ordered_json::array();
  for (const auto& [domain, version] : model.opsets)
    opsets.push_back({{"domain", domain.empty() ? "ai.onnx" : domain}, {"version", version}});
  return {{"ir_version", model.ir_version},
          {"producer_name", model.producer_name},
          {"producer_version", model.producer_version},
          {"domain", model.domain},
          {"model_version", model.model_version},
          {"graph_name", model.graph_name},
          {"opsets", opsets},
          {"metadata_props", model.metadata_props},
          {"node_count", model.node_count},
          {"initializer_count", model.initializer_count},
          {"parameter_count", model.parameter_count}};
}

ordered_json card_values(const std::vector<CardValue>& values) {
  ordered_json out = ordered_json::array();
  for (const auto& value : values) out.push_back({{"value", value.value}, {"line", value.line}});
  return out;
}

ordered_json card_value(const std::optional<CardValue>& value) {
  return value ? ordered_json{{"value", value->value}, {"line", value->line}}
               : ordered_json(nullptr);
}

ordered_json to_tree(const ModelCard& card) {
  ordered_json gated_extra = ordered_json::object();
  for (const auto& [key, value] : card.extra_gated) gated_extra[key] = value.value;
  return {{"has_front_matter", card.has_front_matter},
          {"license", card_values(card.licenses)},
          {"license_name", card_value(card.license_name)},
          {"license_link", card_value(card.license_link)},
          {"base_model", card_values(card.base_models)},
          {"base_model_relation", card_value(card.base_model_relation)},
          {"datasets", card_values(card.datasets)},
          {"pipeline_tag", card_value(card.pipeline_tag)},
          {"library_name", card_value(card.library_name)},
          {"tags", card_values(card.tags)},
          {"language", card_values(card.languages)},
          {"gated", card_value(card.gated)},
          {"extra_gated", gated_extra},
          {"body_line", card.body_line},
          {"body_bytes", card.body.size()},
          {"warnings", card.warnings}};
}

ordered_json to_tree(const LfsPointer& pointer) {
  return {{"oid_sha256", pointer.oid_sha256}, {"size", pointer.size}};
}

ordered_json to_tree(const ModelConfig& config) {
  return {{"architectures", config.architectures},
          {"model_type", opt(config.model_type)},
          {"torch_dtype", opt(config.torch_dtype)},
          {"_name_or_path", opt(config.name_or_path)},
          {"transformers_version", opt(config.transformers_version)},
          {"parameter_hint", opt(config.parameter_hint)},
          {"warnings", config.warnings}};
}

ordered_json to_tree(const AdapterConfig& config) {
  return {{"base_model_name_or_path", opt(config.base_model_name_or_path)},
          {"peft_type", opt(config.peft_type)},
          {"task_type", opt(config.task_type)},
          {"r", opt(config.rank)},
          {"warnings", config.warnings}};
}

ordered_json to_tree(const MergeConfig& config) {
  return {{"merge_method", opt(config.merge_method)},
          {"base_model", opt(config.base_model)},
          {"models", config.models},
          {"warnings", config.warnings}};
}

}  // namespace

nlohmann::ordered_json inspection_tree(const Inspection& inspection) {
  ordered_json content =
      std::visit([](const auto& value) { return to_tree(value); }, inspection.content);
  return {{"schema", "owl.inspect/1"},
          {"path", inspection.path},
          {"format", inspection.format},
          {"size_bytes", inspection.size_bytes},
          {"content", content}};
}

}  // namespace owl::detail
