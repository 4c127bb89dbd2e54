// Base-model names to families, by the name keys of model-names.yaml: a
// re-upload or a quantised copy keeps the family's name in its own
// ("TheBloke/Llama-2-7B-GGUF").
#include <algorithm>
#include <cctype>
#include <string>

#include "owl/lineage.h"
#include "owl/name_lexicon.h"

namespace owl {

namespace {

std::string normalise(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(lower == '_' || lower == ' ' ? '-' : lower);
  }
  return out;
}

bool at_word_start(const std::string& text, size_t pos) {
  return pos == 0 || text[pos - 1] == '-' || text[pos - 1] == '/' || text[pos - 1] == '.';
}

// After the key: the name must go on with a separator, a digit or a version
// ("llama3.1", "gemma-2", "qwen2.5", "mistral-v0.1"), or end; "phi" in
// "dolphin" or "yi" in "yield" is not a family.
bool key_ends_well(const std::string& text, size_t end) {
  if (end == text.size()) return true;
  const char next = text[end];
  return next == '-' || next == '/' || next == '.' ||
         std::isdigit(static_cast<unsigned char>(next)) ||
         (next == 'v' && end + 1 < text.size() &&
          std::isdigit(static_cast<unsigned char>(text[end + 1])));
}

// "3.1" in "llama-3.1-8b", "2" in "gemma-2-9b", "" in "llama-7b" (a size).
std::string version_after(const std::string& text, size_t pos) {
  while (pos < text.size() && (text[pos] == '-' || text[pos] == 'v')) ++pos;
  size_t end = pos;
  while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                               (text[end] == '.' && end + 1 < text.size() &&
                                std::isdigit(static_cast<unsigned char>(text[end + 1])))))
    ++end;
  if (end == pos) return "";
  if (end < text.size() && std::string_view("bmkx").find(text[end]) != std::string_view::npos)
    return "";  // "7b", "8x7b", "125m": a size, not a version
  return text.substr(pos, end - pos);
}

// A family's published versions (model-names.yaml); a "v" in front of any
// other number is the derivative's own version ("Taiwan-LLaMa-v1.0").
bool is_published_version(const std::string& family, const std::string& text, size_t after,
                          const std::string& version) {
  const auto& published = NameLexicon::builtin().published_versions;
  const auto known = published.find(family);
  if (known == published.end()) return true;
  const size_t v = text.find('v', after);
  const bool prefixed =
      v != std::string::npos && v < text.size() && text.find_first_not_of("-v", after) > v;
  if (!prefixed) return true;
  return std::find(known->second.begin(), known->second.end(), version) != known->second.end();
}

}  // namespace

std::optional<ModelFamily> resolve_family(std::string_view model_name) {
  const std::string text = normalise(model_name);
  // The repo name speaks for the model; the org ("meta-llama/") only when the
  // repo name says nothing.
  const size_t slash = text.rfind('/');
  for (size_t start : {slash == std::string::npos ? size_t{0} : slash + 1, size_t{0}}) {
    for (const auto& [key, family] : NameLexicon::builtin().families) {
      for (size_t pos = text.find(key, start); pos != std::string::npos;
           pos = text.find(key, pos + 1)) {
        if (!at_word_start(text, pos) || !key_ends_well(text, pos + key.size())) continue;
        const size_t after = pos + key.size();
        std::string version = version_after(text, after);
        if (!is_published_version(family, text, after, version)) version.clear();
        return ModelFamily{family, version};
      }
    }
  }
  return std::nullopt;
}

}  // namespace owl
