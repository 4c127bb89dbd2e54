// Folding and sentence splitting for the term reader.
#include "identify/terms_text.h"

#include <algorithm>
#include <array>

namespace owl::identify {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

struct Replacement {
  std::string_view from, to;
};
// Applied to the lower-cased text, left to right.
constexpr std::array<Replacement, 13> kFolds = {{{"\xe2\x80\x9c", "\""},  // “
                                                 {"\xe2\x80\x9d", "\""},  // ”
                                                 {"\xe2\x80\x98", "'"},   // ‘
                                                 {"\xe2\x80\x99", "'"},   // ’
                                                 {"\xef\xbc\x88", "("},   // （
                                                 {"\xef\xbc\x89", ")"},   // ）
                                                 {"\xef\xbc\x8c", ", "},  // ，
                                                 {"non-commercial", "noncommercial"},
                                                 {"non commercial", "noncommercial"},
                                                 {"licence", "license"},
                                                 {"authoriz", "authoris"},
                                                 {"\xc2\xa0", " "},        // no-break space
                                                 {"\xe3\x80\x80", " "}}};  // ideographic space

}  // namespace

FoldedText fold_license_text(std::string_view original) {
  FoldedText out;
  out.text.reserve(original.size());
  out.origin.reserve(original.size());
  const auto push = [&](char c, size_t from) {
    if (c == ' ' && (out.text.empty() || out.text.back() == ' ')) return;
    out.text.push_back(c);
    out.origin.push_back(static_cast<uint32_t>(from));
  };
  for (size_t i = 0; i < original.size();) {
    const char c = original[i];
    if (is_space(c)) {
      push(' ', i);
      ++i;
      continue;
    }
    bool folded = false;
    for (const Replacement& r : kFolds) {
      if (original.size() - i < r.from.size()) continue;
      bool same = true;
      for (size_t k = 0; k < r.from.size() && same; ++k) {
        char o = original[i + k];
        if (o >= 'A' && o <= 'Z') o = static_cast<char>(o - 'A' + 'a');
        same = o == r.from[k];
      }
      if (!same) continue;
      for (char t : r.to) push(t, i);
      i += r.from.size();
      folded = true;
      break;
    }
    if (folded) continue;
    push(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c, i);
    ++i;
  }
  return out;
}

namespace {

// A numbered heading at the start of a line: "2.", "1.1", "1.b", "(a)",
// "iii.", "section 3", "第三条", "一、". Returns its label, or "".
std::string heading_at(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '#' || line[i] == '*')) ++i;
  line.remove_prefix(i);
  for (std::string_view word : {"section ", "article ", "Section ", "Article "})
    if (line.substr(0, word.size()) == word) line.remove_prefix(word.size());
  if (line.substr(0, 3) == "\xe7\xac\xac") {  // 第 ... 条
    const size_t end = line.find("\xe6\x9d\xa1");
    if (end != std::string_view::npos && end <= 15) return std::string(line.substr(0, end + 3));
    return "";
  }
  size_t end = 0;
  while (end < line.size() && (is_digit(line[end]) || line[end] == '.' ||
                               (end > 0 && line[end - 1] == '.' && is_lower(line[end]))))
    ++end;
  if (end > 0 && is_digit(line[0])) {
    std::string label(line.substr(0, end));
    while (!label.empty() && label.back() == '.') label.pop_back();
    const bool followed = end < line.size() && (line[end] == ' ' || line[end] == ')');
    if (followed && label.size() <= 8) return label;
    return "";
  }
  // Roman numerals "I." .. "XII." (upper case only: "i." is too common).
  end = 0;
  while (end < line.size() && (line[end] == 'I' || line[end] == 'V' || line[end] == 'X')) ++end;
  if (end > 0 && end <= 4 && end + 1 < line.size() && line[end] == '.' && line[end + 1] == ' ')
    return std::string(line.substr(0, end));
  return "";
}

}  // namespace

std::vector<Sentence> split_sentences(std::string_view original, const FoldedText& folded) {
  // Line starts in the original, with the heading each begins with.
  std::vector<std::pair<size_t, std::string>> headings;  // original offset -> label
  std::vector<size_t> line_starts = {0};
  for (size_t i = 0; i < original.size(); ++i)
    if (original[i] == '\n') line_starts.push_back(i + 1);
  for (size_t start : line_starts) {
    const size_t end = std::min(original.find('\n', start), original.size());
    std::string label = heading_at(original.substr(start, end - start));
    if (!label.empty()) headings.emplace_back(start, std::move(label));
  }
  const auto line_of = [&](size_t offset) {
    return static_cast<size_t>(std::upper_bound(line_starts.begin(), line_starts.end(), offset) -
                               line_starts.begin());
  };
  const auto section_of = [&](size_t offset) -> std::string {
    auto it = std::upper_bound(headings.begin(), headings.end(), offset,
                               [](size_t o, const auto& h) { return o < h.first; });
    return it == headings.begin() ? "" : std::prev(it)->second;
  };
  // Cut points in the folded text.
  std::vector<size_t> cuts = {0};
  const std::string& t = folded.text;
  size_t heading_index = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const size_t from = folded.origin[i];
    while (heading_index < headings.size() && headings[heading_index].first <= from) {
      if (cuts.back() < i) cuts.push_back(i);
      ++heading_index;
    }
    // Not at ";": list items share their lead-in ("You are encouraged to:
    // (i) ...; (ii) ...").
    const bool stop =
        (t[i] == '.' || t[i] == '!' || t[i] == '?') && (i + 1 == t.size() || t[i + 1] == ' ');
    const bool full_stop = t.compare(i, 3, "\xe3\x80\x82") == 0;  // 。
    // A blank line in the original between this byte and the next.
    bool blank = false;
    if (i + 1 < t.size()) {
      const size_t a = folded.origin[i], b = folded.origin[i + 1];
      int newlines = 0;
      for (size_t k = a; k < b && k < original.size(); ++k) newlines += original[k] == '\n';
      blank = newlines >= 2;
    }
    if (stop && !(i >= 1 && is_digit(t[i - 1]) && i + 2 < t.size() && is_digit(t[i + 2])))
      cuts.push_back(i + 1);
    else if (full_stop)
      cuts.push_back(i + 3);
    else if (blank)
      cuts.push_back(i + 1);
  }
  cuts.push_back(t.size());
  std::vector<Sentence> out;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    size_t begin = cuts[k], end = cuts[k + 1];
    while (begin < end && t[begin] == ' ') ++begin;
    if (begin >= end) continue;
    const size_t from = folded.origin[begin];
    out.push_back({begin, end, line_of(from), section_of(from)});
  }
  return out;
}

}  // namespace owl::identify
