// Judges a Keras config: every JSON object with a `class_name` is a
// serialised object Keras rebuilds, judged by its class and by the module
// Keras would import for it (data/keras/policy.yaml).
#include <fmt/format.h>

#include <algorithm>

#include "read/import_policy.h"
#include "read/keras_internal.h"
#include "read/pickle_internal.h"
#include "read/untrusted_json.h"

namespace owl::keras {

namespace {

using Json = nlohmann::ordered_json;

const Json* member(const Json& object, std::string_view key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_member(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

// What a Lambda layer's `function` holds, for its finding.
std::string lambda_payload(const Json& config) {
  const Json* function = member(config, "function");
  if (function == nullptr) return "";
  if (function->is_array() && !function->empty() && (*function)[0].is_string())
    return fmt::format("; its function is marshalled bytecode ({} base64 characters)",
                       (*function)[0].get_ref<const std::string&>().size());
  if (function->is_string()) {
    const std::string module = string_member(config, "module");
    return fmt::format("; its function is {}{}{}", module, module.empty() ? "" : ".",
                       function->get_ref<const std::string&>());
  }
  if (function->is_object()) return "; its function is a serialised object (judged on its own)";
  return "";
}

class ConfigWalker {
 public:
  ConfigWalker(const std::string& source, KerasModel& model, Findings& findings)
      : source_(source), model_(model), findings_(findings) {}

  void walk(const Json& value, std::string& path) {
    if (value.is_object()) {
      if (const Json* class_name = member(value, "class_name"); class_name != nullptr)
        judge_object(value, *class_name, path);
      for (const auto& [key, child] : value.items()) {
        if (!child.is_structured()) continue;
        const size_t length = path.size();
        path += path.empty() ? key : "." + key;
        walk(child, path);
        path.resize(length);
      }
    } else if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_structured()) continue;
        const size_t length = path.size();
        path += fmt::format("[{}]", i);
        walk(value[i], path);
        path.resize(length);
      }
    }
  }

 private:
  void judge_object(const Json& object, const Json& class_value, const std::string& path) {
    ++model_.objects_judged;
    const Json* config = member(object, "config");
    std::string where = source_ + (path.empty() ? "" : " " + path);
    if (config != nullptr && config->is_object())
      if (const std::string name = string_member(*config, "name"); !name.empty())
        where += " '" + name + "'";
    if (!class_value.is_string()) {
      findings_.cannot_inspect(where, "class_name is not a string, so the object is unknown");
      return;
    }
    const std::string& class_name = class_value.get_ref<const std::string&>();
    const imports::ImportPolicy& policy = imports::keras_policy();
    if (const imports::ClassRule* rule = imports::class_rule(policy, class_name);
        rule && rule->verdict != Safety::kSafe) {
      const std::string payload =
          config != nullptr && config->is_object() ? lambda_payload(*config) : "";
      findings_.add(rule->verdict, where, fmt::format("{}: {}{}", class_name, rule->why, payload));
    }
    const Json* module = member(object, "module");
    if (module == nullptr || module->is_null()) return;
    if (!module->is_string()) {
      findings_.cannot_inspect(where, "module is not a string, so the import is unknown");
      return;
    }
    // A plain function is {module, class_name: "function", config: NAME}.
    const std::string name = class_name == "function" && config != nullptr && config->is_string()
                                 ? config->get<std::string>()
                                 : class_name;
    const std::string& module_name = module->get_ref<const std::string&>();
    const imports::Judgement judgement = imports::judge_module(policy, module_name, name);
    if (judgement.safety != Safety::kSafe)
      findings_.add(judgement.safety, where,
                    fmt::format("imports {}.{}: {}", module_name, name, judgement.why));
  }

  const std::string& source_;
  KerasModel& model_;
  Findings& findings_;
};

}  // namespace

void Findings::add(Safety safety, std::string_view where, std::string_view text) {
  if (findings_.size() >= kMaxFindings) {
    ++dropped_;
    dropped_worst_ = std::max(dropped_worst_, safety);
    return;
  }
  findings_.emplace_back(safety, fmt::format("{}: {}", where, text));
}

void Findings::cannot_inspect(std::string_view where, std::string_view why) {
  add(Safety::kSuspicious, where, fmt::format("cannot inspect: {}", why));
}

void Findings::finish(KerasModel& model) {
  if (dropped_ > 0)
    findings_.emplace_back(dropped_worst_, fmt::format("{} more findings not listed", dropped_));
  model.safety = pickle::write_findings(findings_, model.findings);
  findings_.clear();
  dropped_ = 0;
}

void judge_config(std::string_view json, const std::string& source, KerasModel& model,
                  Findings& findings) {
  model.config_sources.push_back(source);
  auto parsed = parse_untrusted_json(json, JsonLimits{}, "keras");
  if (!parsed) {
    findings.cannot_inspect(source, "the config is not valid JSON: " + parsed.error().message());
    return;
  }
  if (!parsed->is_object()) {
    findings.cannot_inspect(source, "the config is " + json_type_name(*parsed) + ", not an object");
    return;
  }
  if (model.config_sources.size() == 1) {
    if (const std::string top = string_member(*parsed, "class_name"); !top.empty())
      model.model_class = top;
    if (const Json* config = member(*parsed, "config"); config && config->is_object())
      if (const Json* layers = member(*config, "layers"); layers && layers->is_array())
        model.layer_count = layers->size();
  }
  if (!model.keras_version)
    if (std::string version = string_member(*parsed, "keras_version"); !version.empty())
      model.keras_version = std::move(version);
  if (!model.backend)
    if (std::string backend = string_member(*parsed, "backend"); !backend.empty())
      model.backend = std::move(backend);
  std::string path;
  ConfigWalker(source, model, findings).walk(*parsed, path);
}

}  // namespace owl::keras
