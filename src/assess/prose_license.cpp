// Licence statements in a model card's body: "License: gemma", "released
// under the Apache 2.0 license", a "## License" heading followed by "MIT".
#include <array>
#include <cctype>
#include <set>

#include "license_names.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

std::string_view trim_view(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// "[Apache 2.0](https://...)" -> "Apache 2.0"; drops emphasis and table bars.
std::string plain(std::string_view text) {
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
  return std::string(trim_view(out));
}

// Sentences about some other thing's licence.
bool about_something_else(const std::string& lower) {
  static constexpr std::array<std::string_view, 10> kOthers = {
      "base model", "original model", "dataset",   "data is",    "codebase",
      "base_model", "see the",        "check the", "repository", "github"};
  for (auto other : kOthers)
    if (lower.find(other) != std::string::npos) return true;
  // "code" as a word ("the code is", "training code"), not "coder"
  for (size_t at = lower.find("code"); at != std::string::npos; at = lower.find("code", at + 1)) {
    const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(lower[at - 1]));
    const bool ends =
        at + 4 >= lower.size() || !std::isalpha(static_cast<unsigned char>(lower[at + 4]));
    if (starts && ends) return true;
  }
  return false;
}

// The licence named by the words after a cue, trying shorter and shorter
// prefixes: "Apache 2.0 license and is free for commercial use" -> Apache-2.0.
bool resolve_after(std::string_view rest, ProseLicense& out) {
  std::string text = plain(rest);
  for (char stop : {'.', ',', ';', '('}) {
    // keep "2.0" / "3.1": a period between digits is not a sentence end
    for (size_t at = text.find(stop); at != std::string::npos; at = text.find(stop, at + 1)) {
      const bool in_number = stop == '.' && at > 0 && at + 1 < text.size() &&
                             std::isdigit(static_cast<unsigned char>(text[at - 1])) &&
                             std::isdigit(static_cast<unsigned char>(text[at + 1]));
      if (!in_number) {
        text.resize(at);
        break;
      }
    }
  }
  if (text.size() > 80) text.resize(80);
  std::vector<size_t> word_ends;
  for (size_t i = 1; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ' ') word_ends.push_back(i);
  for (size_t n = std::min<size_t>(word_ends.size(), 8); n > 0; --n) {
    const std::string candidate(trim_view(std::string_view(text).substr(0, word_ends[n - 1])));
    if (candidate.empty() || is_placeholder(candidate)) continue;
    // A URL names where a licence lives, not which: "llama.meta.com/llama3/license"
    if (candidate.find("://") != std::string::npos || candidate.find("www.") != std::string::npos)
      continue;
    std::string id = license_id_for(candidate);
    if (!id.empty()) {
      out.written = candidate;
      out.id = std::move(id);
      return true;
    }
  }
  return false;
}

// The first cue in the line decides: "released under MIT, while X is
// licensed under Apache-2.0" is about MIT.
bool from_cue(const std::string& line, const std::string& lower, ProseLicense& out) {
  size_t first = std::string::npos;
  size_t cue_size = 0;
  for (std::string_view cue :
       {"license:", "licence:", "license :", "licensed under", "licenced under", "released under",
        "distributed under", "available under", "published under", "provided under", "license is",
        "licence is"}) {
    const size_t at = lower.find(cue);
    if (at < first) {
      first = at;
      cue_size = cue.size();
    }
  }
  if (first == std::string::npos) return false;
  std::string_view rest = std::string_view(line).substr(first + cue_size);
  if (rest.substr(0, 5) == " the ") rest.remove_prefix(5);
  return resolve_after(rest, out);
}

bool is_license_heading(const CardLine& line, const std::string& lower) {
  return line.kind == CardLineKind::kHeading && lower.size() < 40 &&
         (lower.find("licen") != std::string::npos);
}

}  // namespace

std::vector<ProseLicense> extract_prose_licenses(const CardText& card) {
  std::vector<ProseLicense> found;
  std::set<std::string> seen;
  int after_heading = 0;  // lines left to look at under a "## License" heading
  for (const auto& card_line : card.lines) {
    if (card_line.kind == CardLineKind::kCode || card_line.kind == CardLineKind::kBlank) continue;
    const std::string line(trim_view(card_line.text));
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
    ProseLicense mention;
    bool hit = false;
    // A heading may state the licence itself ("## License: MIT", or a YAML
    // line left in the body that Markdown reads as a setext heading);
    // otherwise a licence heading names what the next lines say.
    if (heading && !about_something_else(lower)) hit = from_cue(line_plain, lower, mention);
    if (!hit && is_license_heading(card_line, lower)) {
      after_heading = 3;
      continue;
    }
    if (!hit && !heading && !about_something_else(lower)) {
      hit = from_cue(line_plain, lower, mention);
      // Under a licence heading, a short line names the licence; a link's
      // address does not count towards "short" ("[Llama-3.1 License](https://…)").
      if (!hit && after_heading > 0 && plain(line).size() < 60) hit = resolve_after(line, mention);
    }
    after_heading = heading ? 0 : std::max(0, after_heading - 1);
    if (!hit || !seen.insert(mention.id).second) continue;
    mention.sentence = line.size() > 200 ? line.substr(0, 200) + "…" : line;
    mention.line = card_line.number;
    found.push_back(std::move(mention));
  }
  return found;
}

}  // namespace owl::detail
