// Licence statements in a card's body: "License: gemma", "released under the
// Apache 2.0 license", a "## License" heading followed by "MIT". The words
// come from data/lexicon/model-names.yaml; which licence they name is
// decided in assess.
#include <algorithm>
#include <cctype>

#include "owl/lineage.h"
#include "owl/name_lexicon.h"
#include "owl/text.h"

namespace owl {

namespace {

bool has_word(const std::string& lower, std::string_view word) {
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
    const size_t end = at + word.size();
    const bool ends = end >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[end]));
    if (starts && ends) return true;
  }
  return false;
}

// Sentences about some other thing's licence.
bool about_something_else(const std::string& lower) {
  const auto& lexicon = NameLexicon::builtin();
  for (const auto& other : lexicon.license_other_subjects)
    if (lower.find(other) != std::string::npos) return true;
  return std::any_of(lexicon.license_other_subject_words.begin(),
                     lexicon.license_other_subject_words.end(),
                     [&](const std::string& word) { return has_word(lower, word); });
}

// The words after the first cue in the line: "released under MIT, while X is
// licensed under Apache-2.0" is about MIT.
std::optional<std::string> after_cue(const std::string& line, const std::string& lower) {
  size_t first = std::string::npos;
  size_t cue_size = 0;
  for (const auto& cue : NameLexicon::builtin().license_cues) {
    const size_t at = lower.find(cue);
    if (at < first) {
      first = at;
      cue_size = cue.size();
    }
  }
  if (first == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(line).substr(first + cue_size);
  if (rest.substr(0, 5) == " the ") rest.remove_prefix(5);
  return std::string(rest);
}

bool is_license_heading(const CardLine& line, const std::string& lower) {
  return line.kind == CardLineKind::kHeading && lower.size() < 40 &&
         (lower.find("licen") != std::string::npos);
}

}  // namespace

std::string markdown_plain(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ']' && i + 1 < text.size() && text[i + 1] == '(') {
      const size_t close = text.find(')', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '[' || c == '*' || c == '`' || c == '|' || c == '_') continue;
    out.push_back(c);
  }
  return std::string(trim_blanks(out));
}

std::vector<LicenseStatement> find_license_statements(const CardText& card) {
  std::vector<LicenseStatement> found;
  int after_heading = 0;  // lines left to look at under a "## License" heading
  for (const auto& card_line : card.lines) {
    if (card_line.kind == CardLineKind::kCode || card_line.kind == CardLineKind::kBlank) continue;
    const std::string line(trim_blanks(card_line.text));
    const bool heading = card_line.kind == CardLineKind::kHeading;
    // "* **License**: X" reads as "License: X"
    std::string line_plain;
    for (char c : line)
      if (c != '*' && c != '_') line_plain.push_back(c);
    const std::string lower = ascii_lower(line_plain);
    // Every cue and licence heading has "licen" or "under" in it; most lines
    // have neither and nothing under a heading to look at.
    if (after_heading == 0 && lower.find("licen") == std::string::npos &&
        lower.find("under") == std::string::npos)
      continue;
    LicenseStatement statement;
    const bool other = about_something_else(lower);
    // A heading may state the licence itself ("## License: MIT", or a YAML
    // line left in the body that Markdown reads as a setext heading); a
    // licence heading also names what the next lines say.
    if (!other)
      if (auto words = after_cue(line_plain, lower)) statement.candidates.push_back(*words);
    // Under a licence heading, a short line names the licence; a link's
    // address does not count towards "short" ("[Llama-3.1 License](https://…)").
    if (!other && !heading && after_heading > 0 && markdown_plain(line).size() < 60)
      statement.candidates.push_back(line);
    after_heading = heading && is_license_heading(card_line, lower) ? 3
                    : heading                                       ? 0
                              : std::max(0, after_heading - 1);
    if (statement.candidates.empty()) continue;
    statement.sentence = line.size() > 200 ? line.substr(0, 200) + "…" : line;
    statement.line = card_line.number;
    found.push_back(std::move(statement));
  }
  return found;
}

}  // namespace owl
