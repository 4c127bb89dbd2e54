// gguf_general: the licence and lineage keys that gguf-py's metadata writer
// and llama.cpp's converters put under `general.*`, gathered from a parsed
// file. Never fails: absent or mistyped keys are simply absent.
#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include "owl/gguf.h"

namespace owl {

namespace {

// A count key can claim anything; entries past this index are ignored
// (real releases list a handful of base models and datasets).
constexpr uint64_t kMaxLineageEntries = 256;

// The four per-entry fields both general.base_model.N.* and
// general.dataset.N.* carry that matter for lineage.
struct LineageFields {
  std::optional<std::string> name, organization, version, repo_url;
};

void set_field(LineageFields& entry, std::string_view field, const std::string& value) {
  if (field == "name") entry.name = value;
  if (field == "organization") entry.organization = value;
  if (field == "version") entry.version = value;
  if (field == "repo_url") entry.repo_url = value;
}

// "<N>.<field>" after the prefix: N and field, or false.
bool split_indexed_key(std::string_view rest, uint64_t& index, std::string_view& field) {
  const auto* begin = rest.data();
  const auto* end = rest.data() + rest.size();
  const auto [after, error] = std::from_chars(begin, end, index);
  if (error != std::errc() || after == begin || after == end || *after != '.') return false;
  field = std::string_view(after + 1, static_cast<size_t>(end - after - 1));
  return true;
}

// Entries 0..count-1 (capped) plus any index that has keys of its own.
std::vector<LineageFields> collect_lineage(const GgufFile& file, std::string_view prefix) {
  const std::string count_key = std::string(prefix) + "count";
  uint64_t size = std::min(file.get_uint(count_key).value_or(0), kMaxLineageEntries);
  std::vector<LineageFields> entries(static_cast<size_t>(size));
  for (const auto& entry : file.metadata) {
    if (!entry.key.starts_with(prefix)) continue;
    uint64_t index = 0;
    std::string_view field;
    if (!split_indexed_key(std::string_view(entry.key).substr(prefix.size()), index, field)) {
      continue;
    }
    const auto* text = std::get_if<std::string>(&entry.value);
    if (text == nullptr || index >= kMaxLineageEntries) continue;
    if (index >= entries.size()) entries.resize(static_cast<size_t>(index + 1));
    set_field(entries[static_cast<size_t>(index)], field, *text);
  }
  return entries;
}

std::vector<std::string> strings_in_array(const GgufFile& file, std::string_view key) {
  std::vector<std::string> out;
  const GgufKeyValue* entry = file.find(key);
  if (entry == nullptr) return out;
  const auto* array = std::get_if<GgufArray>(&entry->value);
  if (array == nullptr) return out;
  for (const auto& element : array->head) {
    if (const auto* text = std::get_if<std::string>(&element)) out.push_back(*text);
  }
  return out;
}

// Early gguf-py wrote the Hugging Face repo id rather than a URL.
std::optional<std::string> source_repo_url(const GgufFile& file) {
  if (auto url = file.get_string("general.source.repo_url")) return url;
  auto repo = file.get_string("general.source.huggingface.repository");
  if (!repo || repo->empty()) return std::nullopt;
  if (repo->starts_with("http://") || repo->starts_with("https://")) return repo;
  return "https://huggingface.co/" + *repo;
}

bool has_chat_template(const GgufFile& file) {
  return std::any_of(file.metadata.begin(), file.metadata.end(),
                     [](const GgufKeyValue& entry) { return is_chat_template_key(entry.key); });
}

}  // namespace

bool is_chat_template_key(std::string_view key) {
  constexpr std::string_view kKey = "tokenizer.chat_template";
  // Named templates (tool_use, rag) are tokenizer.chat_template.<name>.
  return key == kKey ||
         (key.starts_with(kKey) && key.size() > kKey.size() && key[kKey.size()] == '.');
}

GgufGeneral gguf_general(const GgufFile& file) {
  GgufGeneral general;
  general.name = file.get_string("general.name");
  general.architecture = file.get_string("general.architecture");
  general.license = file.get_string("general.license");
  general.license_name = file.get_string("general.license.name");
  general.license_link = file.get_string("general.license.link");
  general.source_url = file.get_string("general.source.url");
  general.source_repo_url = source_repo_url(file);
  general.organization = file.get_string("general.organization");
  general.finetune = file.get_string("general.finetune");
  general.size_label = file.get_string("general.size_label");
  general.file_type = file.get_uint("general.file_type");
  for (auto& entry : collect_lineage(file, "general.base_model.")) {
    general.base_models.push_back({std::move(entry.name), std::move(entry.organization),
                                   std::move(entry.version), std::move(entry.repo_url)});
  }
  for (auto& name : strings_in_array(file, "general.datasets")) {
    general.datasets.push_back({std::move(name), std::nullopt, std::nullopt, std::nullopt});
  }
  for (auto& entry : collect_lineage(file, "general.dataset.")) {
    general.datasets.push_back({std::move(entry.name), std::move(entry.organization),
                                std::move(entry.version), std::move(entry.repo_url)});
  }
  general.tags = strings_in_array(file, "general.tags");
  general.languages = strings_in_array(file, "general.languages");
  general.has_chat_template = has_chat_template(file);
  return general;
}

}  // namespace owl
