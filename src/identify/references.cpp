// Licence names in prose, for pointer files and for the parts of a file that
// name a licence without quoting it.
#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <unordered_map>

#include "identify/detect.h"

namespace owl::identify {
namespace {

struct Phrase {
  std::vector<uint32_t> words;
  uint32_t entry;
};

bool is_filler(uint32_t hash) {
  // Only words that never tell two licences apart; "license" and "agreement"
  // do ("NVIDIA Open Model License" vs "NVIDIA Open Model Agreement").
  static const std::array<uint32_t, 4> kFiller = {word_hash("the"), word_hash("version"),
                                                  word_hash("v"), word_hash("a")};
  return std::find(kFiller.begin(), kFiller.end(), hash) != kFiller.end();
}

std::vector<uint32_t> phrase_words(std::string_view text) {
  std::vector<uint32_t> words;
  for (const Token& t : tokenise(text, 64)) {
    if (!is_filler(t.hash)) words.push_back(t.hash);
  }
  return words;
}

// Single words name a licence only for short upper-case ids ("MIT", "ISC").
bool may_stand_alone(std::string_view id) {
  if (id == "Unlicense" || id == "Zlib") return true;
  return id.size() >= 3 && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c));
         });
}

class PhraseTable {
 public:
  explicit PhraseTable(const LicenseIndex::Impl& index) {
    for (uint32_t e = 0; e < index.entry_count(); ++e) {
      if (index.is_duplicate(e)) continue;
      const EntryRecord r = index.record(e);
      const std::string_view id = index.string(r.id_string);
      std::string spaced(id);
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      if (id.rfind("LicenseRef-owl-", 0) != 0) add(phrase_words(spaced), e, may_stand_alone(id));
      add(phrase_words(id), e, may_stand_alone(id));
      add(phrase_words(index.string(r.name_string)), e, false);
      const std::string_view aliases = index.string(r.aliases_string);
      for (size_t pos = 0; pos < aliases.size();) {
        const size_t end = std::min(aliases.find(';', pos), aliases.size());
        add(phrase_words(aliases.substr(pos, end - pos)), e, false);
        pos = end + 1;
      }
    }
  }
  const std::vector<size_t>* starting_with(uint32_t word) const {
    const auto found = by_first_word_.find(word);
    return found == by_first_word_.end() ? nullptr : &found->second;
  }
  const Phrase& phrase(size_t i) const { return phrases_[i]; }

 private:
  void add(std::vector<uint32_t> words, uint32_t entry, bool single_ok) {
    if (words.empty() || (words.size() == 1 && !single_ok)) return;
    by_first_word_[words[0]].push_back(phrases_.size());
    phrases_.push_back({std::move(words), entry});
  }
  std::vector<Phrase> phrases_;
  std::unordered_map<uint32_t, std::vector<size_t>> by_first_word_;
};

const PhraseTable& phrase_table(const LicenseIndex::Impl& index) {
  // One table per index; the builtin index is the only one in practice.
  static std::mutex mutex;
  static std::unordered_map<const LicenseIndex::Impl*, std::unique_ptr<PhraseTable>> tables;
  std::lock_guard<std::mutex> lock(mutex);
  auto& table = tables[&index];
  if (!table) table = std::make_unique<PhraseTable>(index);
  return *table;
}

}  // namespace

std::vector<Reference> find_references(const LicenseIndex::Impl& index,
                                       const std::vector<Token>& tokens, size_t first,
                                       size_t last) {
  const PhraseTable& table = phrase_table(index);
  std::vector<size_t> kept;  // token indices without filler words
  for (size_t i = first; i < last && i < tokens.size(); ++i) {
    if (!is_filler(tokens[i].hash)) kept.push_back(i);
  }
  std::vector<Reference> references;
  for (size_t k = 0; k < kept.size();) {
    const std::vector<size_t>* options = table.starting_with(tokens[kept[k]].hash);
    size_t best_length = 0;
    uint32_t best_entry = 0;
    for (size_t p : options ? *options : std::vector<size_t>{}) {
      const Phrase& phrase = table.phrase(p);
      if (phrase.words.size() <= best_length || k + phrase.words.size() > kept.size()) continue;
      bool same = true;
      for (size_t w = 1; w < phrase.words.size() && same; ++w)
        same = tokens[kept[k + w]].hash == phrase.words[w];
      // A name followed by a version-bearing word is a different version ("Llama 3" + ".1").
      if (same) {
        best_length = phrase.words.size();
        best_entry = phrase.entry;
      }
    }
    if (best_length == 0) {
      ++k;
      continue;
    }
    const size_t end_token = kept[k + best_length - 1];
    const bool longer_version = k + best_length < kept.size() &&
                                tokens[kept[k + best_length]].version_bearing &&
                                !tokens[end_token].version_bearing;
    if (!longer_version)
      references.push_back({best_entry, tokens[kept[k]].begin, tokens[end_token].end});
    k += best_length;
  }
  return references;
}

}  // namespace owl::identify
