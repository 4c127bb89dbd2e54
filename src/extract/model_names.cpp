// Comparing model names as people write them: with or without the org, in
// another case, with a quantiser's suffix, or as a sibling of another size.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "owl/lineage.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"

namespace owl {

namespace {

std::string_view repo_part(std::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    while (!word.empty() && word.back() == '.') word.pop_back();
    while (!word.empty() && word.front() == '.') word.erase(word.begin());
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char c : ascii_lower(repo_part(name))) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.')
      word.push_back(c);
    else
      flush();
  }
  flush();
  return words;
}

// "7b", "8x7b", "125m", "200k", "1t": how big, not which model.
bool is_size(const std::string& word) {
  if (word.size() < 2 || !std::isdigit(static_cast<unsigned char>(word.front()))) return false;
  const char unit = word.back();
  if (unit != 'b' && unit != 'm' && unit != 'k' && unit != 't') return false;
  return std::all_of(word.begin(), word.end() - 1, [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'x';
  });
}

// "3.1", "v0.1", "2407": a version or a date.
bool is_version(const std::string& word) {
  const size_t from = word.front() == 'v' ? 1 : 0;
  return from < word.size() &&
         std::all_of(word.begin() + static_cast<long>(from), word.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
         });
}

// Sizes, versions, family words and the words any model of any maker may
// carry (data/lexicon/model-names.yaml, `generic_name_words`).
bool says_nothing(const std::string& word) {
  const auto& generic = NameLexicon::builtin().generic_name_words;
  return is_size(word) || is_version(word) ||
         std::find(generic.begin(), generic.end(), word) != generic.end() ||
         resolve_family(word).has_value();  // "llama3", "qwen2.5", "sdxl"
}

// "platypus" and "platypus2", "t0" and "t0pp": one model's name. (Family
// words such as "yi" never get here.)
bool same_word(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const auto& shorter = a.size() < b.size() ? a : b;
  const auto& longer = a.size() < b.size() ? b : a;
  return shorter.size() >= 2 && longer.compare(0, shorter.size(), shorter) == 0;
}

}  // namespace

bool same_model(std::string_view a, std::string_view b) {
  return ascii_lower(a) == ascii_lower(b) || ascii_lower(repo_part(a)) == ascii_lower(repo_part(b));
}

bool has_words_of_its_own(std::string_view name) {
  const auto words = words_of(name);
  return std::any_of(words.begin(), words.end(),
                     [](const std::string& word) { return !says_nothing(word); });
}

bool names_other_model(std::string_view subject, std::string_view release_name) {
  if (subject.empty() || release_name.empty() || same_model(subject, release_name)) return false;
  const auto subject_words = words_of(subject);
  const auto release_words = words_of(release_name);
  std::vector<std::string> own;
  for (const auto& word : subject_words)
    if (!says_nothing(word)) own.push_back(word);
  if (!own.empty()) {
    for (const auto& word : own)
      for (const auto& theirs : release_words)
        if (same_word(word, theirs)) return false;
    return true;
  }
  // "Yi-9B" in Yi-34B's card: one family, other sizes.
  const auto subject_family = resolve_family(subject);
  const auto release_family = resolve_family(release_name);
  if (!subject_family || !release_family || subject_family->family != release_family->family)
    return false;
  std::vector<std::string> subject_sizes, release_sizes;
  for (const auto& word : subject_words)
    if (is_size(word)) subject_sizes.push_back(word);
  for (const auto& word : release_words)
    if (is_size(word)) release_sizes.push_back(word);
  if (subject_sizes.empty() || release_sizes.empty()) return false;
  for (const auto& size : subject_sizes)
    if (std::find(release_sizes.begin(), release_sizes.end(), size) != release_sizes.end())
      return false;
  return true;
}

}  // namespace owl
