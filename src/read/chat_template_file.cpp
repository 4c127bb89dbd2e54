// Chat template files beside the weights (artifact_readers.h): the Jinja a
// transformers tokenizer renders on every conversation, judged like the
// template a GGUF carries (owl/chat_template.h). Never rendered.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "owl/chat_template.h"
#include "read/artifact_readers.h"
#include "read/untrusted_json.h"

namespace owl::detail {

namespace {

struct NamedTemplate {
  std::string where;  // "key chat_template", "key chat_template[tool_use]", "" for a .jinja file
  std::string text;
};

Error shape_error(const std::string& detail) {
  return Error::corrupt("", std::nullopt, "chat-template.shape", detail);
}

// tokenizer_config.json and chat_template.json keep the template under
// "chat_template": one string, or a list of {"name", "template"} (the
// named set transformers reads as a dict). A value of another shape is one
// transformers refuses to load, so nothing of it is rendered.
Expected<std::vector<NamedTemplate>> templates_in_json(std::string_view text,
                                                       std::vector<std::string>& warnings) {
  auto document = parse_untrusted_json(text, JsonLimits{}, "chat-template");
  if (!document) return document.error();
  if (!document->is_object()) return shape_error("the file is not a JSON object");
  std::vector<NamedTemplate> templates;
  const auto found = document->find("chat_template");
  if (found == document->end() || found->is_null()) return templates;
  if (found->is_string()) {
    templates.push_back({"key chat_template", found->get<std::string>()});
    return templates;
  }
  if (!found->is_array()) {
    warnings.push_back("chat-template.shape: chat_template is a " + json_type_name(*found) +
                       ", neither a template nor a list of named templates");
    return templates;
  }
  for (size_t i = 0; i < found->size(); ++i) {
    const auto& entry = (*found)[i];
    const auto name = entry.is_object() ? entry.find("name") : entry.end();
    const auto body = entry.is_object() ? entry.find("template") : entry.end();
    if (!entry.is_object() || name == entry.end() || !name->is_string() || body == entry.end() ||
        !body->is_string()) {
      warnings.push_back(fmt::format(
          "chat-template.shape: chat_template[{}] is not a {{name, template}} pair", i));
      continue;
    }
    templates.push_back(
        {fmt::format("key chat_template[{}]", name->get<std::string>()), body->get<std::string>()});
  }
  return templates;
}

bool is_jinja(const std::string& path) { return path.ends_with(".jinja"); }

}  // namespace

std::optional<Artifact> read_chat_template_file(const FoundFile& file,
                                                const Expected<std::string>& text) {
  Artifact artifact;
  artifact.path = file.relative;
  artifact.format = ArtifactFormat::kChatTemplate;
  artifact.size_bytes = file.size;
  if (!text) {
    artifact.error = text.error().in_file(file.relative);
    return artifact;
  }
  if (file.size > kChatTemplateFileMaxBytes) {
    artifact.error = Error::limit(file.relative, std::nullopt, "chat-template.too-large",
                                  fmt::format("{} bytes; owl reads chat template files up to {}",
                                              file.size, kChatTemplateFileMaxBytes));
    return artifact;
  }
  std::vector<NamedTemplate> templates;
  if (is_jinja(file.relative)) {
    templates.push_back({"", *text});
  } else {
    auto found = templates_in_json(*text, artifact.warnings);
    if (!found) {
      artifact.error = found.error().in_file(file.relative);
      return artifact;
    }
    templates = std::move(*found);
  }
  // A tokenizer config without a template is only a tokenizer config.
  if (templates.empty() && artifact.warnings.empty()) return std::nullopt;
  artifact.safety = Safety::kSafe;
  std::vector<std::string> names;
  for (const auto& [where, body] : templates) {
    const TemplateScan scan = scan_chat_template(body);
    artifact.safety = std::max(*artifact.safety, scan.safety);
    const std::string source = where.empty() ? file.relative : file.relative + " " + where;
    for (const auto& finding : scan.findings)
      artifact.safety_findings.push_back(describe(finding, source));
    if (scan.findings_not_recorded > 0)
      artifact.safety_findings.push_back(
          fmt::format("{} more finding(s) in {}", scan.findings_not_recorded, source));
    if (!where.empty()) names.push_back(where.substr(std::string_view("key ").size()));
  }
  artifact.notes.push_back(names.empty() ? std::string("a chat template")
                                         : fmt::format("{} chat template(s): {}", templates.size(),
                                                       fmt::join(names, ", ")));
  return artifact;
}

}  // namespace owl::detail
