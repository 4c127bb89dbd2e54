// Which licence each licence statement of a card names (the statements are
// found by the extract stage; the names resolve against the knowledge base).
#include <algorithm>
#include <cctype>
#include <set>

#include "license_names.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

// The licence named by the words after a cue, trying shorter and shorter
// prefixes: "Apache 2.0 license and is free for commercial use" -> Apache-2.0.
bool resolve_after(std::string_view rest, ProseLicense& out) {
  std::string text = markdown_plain(rest);
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
    const std::string candidate(trim_blanks(std::string_view(text).substr(0, word_ends[n - 1])));
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

}  // namespace

std::vector<ProseLicense> extract_prose_licenses(const std::vector<LicenseStatement>& statements) {
  std::vector<ProseLicense> found;
  std::set<std::string> seen;
  for (const auto& statement : statements) {
    ProseLicense mention;
    const bool hit =
        std::any_of(statement.candidates.begin(), statement.candidates.end(),
                    [&](const std::string& words) { return resolve_after(words, mention); });
    if (!hit || !seen.insert(mention.id).second) continue;
    mention.sentence = statement.sentence;
    mention.line = statement.line;
    found.push_back(std::move(mention));
  }
  return found;
}

}  // namespace owl::detail
