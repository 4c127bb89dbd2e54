// config.json (transformers) and adapter_config.json (PEFT). Both are read
// by Python's json module, so duplicate keys keep the last value and are not
// an error. A known key with the wrong type is skipped with a warning.
#include <fmt/format.h>

#include "owl/model_card.h"
#include "read/bounded_warnings.h"
#include "read/untrusted_json.h"

namespace owl {

namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxConfigBytes = 16u << 20;

Expected<Json> parse_config_object(std::string_view text, const std::string& rule_prefix) {
  if (text.size() > kMaxConfigBytes) {
    return Error::limit(
        "", std::nullopt, rule_prefix + ".too-large",
        fmt::format("expected at most {} bytes of JSON, found {}", kMaxConfigBytes, text.size()));
  }
  auto document = parse_untrusted_json(text, JsonLimits{}, rule_prefix);
  if (!document) return document.error();
  if (!document->is_object()) {
    return Error::corrupt("", std::nullopt, rule_prefix + ".not-object",
                          "expected a JSON object, found " + json_type_name(*document));
  }
  return document;
}

// Reads typed keys from one JSON object, warning about wrong types.
class ConfigFields {
 public:
  ConfigFields(const Json& object, std::string rule_prefix, std::vector<std::string>& warnings)
      : object_(object), prefix_(std::move(rule_prefix)), warnings_(warnings) {}

  // A string; null counts as absent.
  std::optional<std::string> text(const char* key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_string()) return value->get<std::string>();
    warn(key, "a string", *value);
    return std::nullopt;
  }

  std::optional<uint64_t> count(const char* key) {
    const Json* value = find(key);
    if (value == nullptr) return std::nullopt;
    if (value->is_number_unsigned()) return value->get<uint64_t>();
    warn(key, "a non-negative integer", *value);
    return std::nullopt;
  }

  // A list of strings; a lone string is taken as a one-item list.
  std::vector<std::string> texts(const char* key) {
    std::vector<std::string> out;
    const Json* value = find(key);
    if (value == nullptr) return out;
    if (value->is_string()) {
      warn(key, "a list of strings", *value);
      out.push_back(value->get<std::string>());
      return out;
    }
    if (!value->is_array()) {
      warn(key, "a list of strings", *value);
      return out;
    }
    for (const Json& item : *value) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      } else {
        warn(key, "a list of strings", item);
      }
    }
    return out;
  }

 private:
  const Json* find(const char* key) const {
    auto found = object_.find(key);
    if (found == object_.end() || found->is_null()) return nullptr;
    return &*found;
  }

  void warn(const char* key, const char* expected, const Json& found) {
    add_bounded_warning(warnings_,
                        fmt::format("{}.unexpected-type: expected \"{}\" to be {}, found {}",
                                    prefix_, key, expected, json_type_name(found)),
                        prefix_);
  }

  const Json& object_;
  std::string prefix_;
  std::vector<std::string>& warnings_;
};

}  // namespace

Expected<ModelConfig> read_model_config(std::string_view json_text) {
  auto document = parse_config_object(json_text, "config");
  if (!document) return document.error();
  ModelConfig config;
  ConfigFields fields(*document, "config", config.warnings);
  config.architectures = fields.texts("architectures");
  config.model_type = fields.text("model_type");
  config.torch_dtype = fields.text("torch_dtype");
  if (!config.torch_dtype) config.torch_dtype = fields.text("dtype");
  config.name_or_path = fields.text("_name_or_path");
  config.transformers_version = fields.text("transformers_version");
  config.parameter_hint = fields.count("num_parameters");
  return config;
}

Expected<AdapterConfig> read_adapter_config(std::string_view json_text) {
  auto document = parse_config_object(json_text, "adapter-config");
  if (!document) return document.error();
  AdapterConfig config;
  ConfigFields fields(*document, "adapter-config", config.warnings);
  config.base_model_name_or_path = fields.text("base_model_name_or_path");
  config.peft_type = fields.text("peft_type");
  config.task_type = fields.text("task_type");
  config.rank = fields.count("r");
  return config;
}

}  // namespace owl
