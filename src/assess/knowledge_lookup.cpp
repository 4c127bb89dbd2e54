// Finding an entry: case-insensitive ids, aliases, SPDX "or later" forms, and
// "did you mean" suggestions for ids we do not know.
#include <algorithm>
#include <utility>

#include "owl/knowledge.h"
#include "owl/text.h"

namespace owl {

namespace {

constexpr std::pair<const char*, const char*> kEmbeddedFiles[] = {
#include "owl/knowledge_data.inc"
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The forms an id may take for the same text: "GPL-2.0+",
// "GPL-2.0-or-later" and the deprecated bare "GPL-2.0" all carry the terms of
// "GPL-2.0-only" plus (for the first two) an option owl need not model.
std::vector<std::string> spellings(std::string_view id) {
  std::string key = ascii_lower(id);
  std::vector<std::string> out{key};
  std::string stem = key;
  if (ends_with(stem, "+"))
    stem.pop_back();
  else if (ends_with(stem, "-or-later"))
    stem.resize(stem.size() - 9);
  else if (ends_with(stem, "-only"))
    stem.resize(stem.size() - 5);
  if (stem != key) out.push_back(stem);
  out.push_back(stem + "-only");
  // People type the short form of owl's own ids: "kimi-k2", "llama-3.1".
  if (key.rfind("licenseref-", 0) != 0) out.push_back("licenseref-owl-" + key);
  return out;
}

// `lower_key` is already lower case; comparing in place spares a lower-cased
// copy of every id and alias per lookup (find runs for each word run a card's
// prose tries as a licence name).
bool matches_lower(std::string_view text, std::string_view lower_key) {
  if (text.size() != lower_key.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != lower_key[i]) return false;
  }
  return true;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const KnowledgeBase& KnowledgeBase::builtin() {
  static const KnowledgeBase base = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [name, text] : kEmbeddedFiles) files.emplace_back(name, text);
    return parse(files);
  }();
  return base;
}

const LicenseFacts* KnowledgeBase::find(std::string_view id) const {
  for (const auto& key : spellings(id))
    for (const auto& facts : entries_) {
      if (matches_lower(facts.id, key)) return &facts;
      for (const auto& alias : facts.aliases)
        if (matches_lower(alias, key)) return &facts;
    }
  return nullptr;
}

std::vector<std::string> KnowledgeBase::closest_ids(std::string_view id, size_t limit) const {
  const std::string key = ascii_lower(id);
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& facts : entries_) {
    std::string candidate = ascii_lower(facts.id);
    // Compare against the short form too, so "llama-3.1" is close to
    // "LicenseRef-owl-llama-3.1".
    const std::string prefix = "licenseref-owl-";
    size_t distance = edit_distance(key, candidate);
    if (candidate.rfind(prefix, 0) == 0)
      distance = std::min(distance, edit_distance(key, candidate.substr(prefix.size())));
    ranked.emplace_back(distance, facts.id);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) out.push_back(ranked[i].second);
  return out;
}

}  // namespace owl
