// Turns an alignment into what a reader needs: added text quoted from the
// input, removed text described by size and place (the entry's words are not
// shipped), version-bearing substitutions, and rights-changing additions.
#include <algorithm>

#include "identify/detect.h"
#include "identify/engine.h"

namespace owl::identify {
namespace {

// A substitution this short that touches a number or date is a version
// change ("3.1" -> "3.2", "March 24, 2025" -> "April 1, 2024"), not an edit.
constexpr size_t kMaxVersionSubstitution = 12;
constexpr size_t kMaxVersionInsertion = 3;
constexpr size_t kContextWords = 8;
// A title or a redistributor's one-line header; anything longer may carry
// terms of its own (a 45-word duty appended to MIT is not a harmless edit).
constexpr size_t kMaxHarmlessEdgeWords = 20;

struct Hunk {
  size_t input_first = 0, input_count = 0;  // alignment-input indices
  size_t entry_first = 0, entry_count = 0;
  bool at_edge = false;  // before the first or after the last equal run
};

std::vector<Hunk> hunks_of(const Alignment& alignment) {
  std::vector<Hunk> hunks;
  Hunk current;
  bool open = false, seen_equal = false;
  for (const AlignOp& op : alignment.ops) {
    if (op.kind == OpKind::kEqual) {
      if (open) hunks.push_back(current);
      open = false;
      seen_equal = true;
      continue;
    }
    if (!open) {
      current = Hunk{};
      current.input_first = op.input_pos;
      current.entry_first = op.entry_pos;
      current.at_edge = !seen_equal;
      open = true;
    }
    if (op.kind == OpKind::kInsert) {
      if (current.input_count == 0) current.input_first = op.input_pos;
      current.input_count += op.length;
    } else {
      if (current.entry_count == 0) current.entry_first = op.entry_pos;
      current.entry_count += op.length;
    }
  }
  if (open) {
    current.at_edge = true;
    hunks.push_back(current);
  }
  return hunks;
}

std::string quote(const Input& input, size_t first_token, size_t last_token) {
  const size_t begin = input.tokens[first_token].begin, end = input.tokens[last_token].end;
  return std::string(input.text.substr(begin, end - begin));
}

struct VersionWords {
  bool any = false, strong = false;
};

VersionWords entry_version_words(const LicenseIndex::Impl& index, const Match& m, const Hunk& h) {
  VersionWords v;
  for (size_t k = 0; k < h.entry_count; ++k) {
    v.any |= index.id_is_version_bearing(m.entry_words[h.entry_first + k]);
    v.strong |= index.id_is_strong_version(m.entry_words[h.entry_first + k]);
  }
  return v;
}

VersionWords input_version_words(const Input& input, const Match& m, const Hunk& h) {
  VersionWords v;
  for (size_t k = 0; k < h.input_count; ++k) {
    v.any |= input.tokens[m.positions[h.input_first + k]].version_bearing;
    v.strong |= input.tokens[m.positions[h.input_first + k]].strong_version;
  }
  return v;
}

RemovedSpan removed_span(const Input& input, const Match& m, const Hunk& h, bool version_bearing) {
  RemovedSpan r;
  r.words = h.entry_count;
  r.entry_word_offset = h.entry_first;
  r.entry_words = m.entry_words.size();
  r.version_bearing = version_bearing;
  const size_t at = h.input_count > 0 ? h.input_first : h.input_first;
  r.input_offset =
      at < m.positions.size() ? input.tokens[m.positions[at]].begin : input.text.size();
  if (at > 0) {
    const size_t last = m.positions[at - 1];
    const size_t first = last + 1 >= kContextWords ? last + 1 - kContextWords : 0;
    r.after = quote(input, first, last);
  }
  return r;
}

}  // namespace

DiffSummary describe_differences(const LicenseIndex::Impl& index, const Input& input,
                                 const Match& m) {
  DiffSummary summary;
  const size_t end_of_terms = end_of_terms_position(input.tokens);
  for (const Hunk& h : hunks_of(m.alignment)) {
    const VersionWords in_entry = entry_version_words(index, m, h);
    const VersionWords in_input = input_version_words(input, m, h);
    const bool entry_version = in_entry.any;
    const bool substitution = h.input_count > 0 && h.entry_count > 0 &&
                              h.input_count <= kMaxVersionSubstitution &&
                              h.entry_count <= kMaxVersionSubstitution;
    const bool small_mid_edit = !h.at_edge && h.input_count + h.entry_count <= kMaxVersionInsertion;
    const bool version_change =
        (substitution && ((in_entry.any && in_input.any) || in_entry.strong || in_input.strong)) ||
        (small_mid_edit && (in_entry.strong || in_input.strong));
    if (version_change) {
      for (size_t k = 0; k < h.input_count; ++k) {
        const Token& token = input.tokens[m.positions[h.input_first + k]];
        if (!token.version_bearing) continue;
        summary.version_words.emplace_back(input.text.substr(token.begin, token.end - token.begin));
      }
      std::string where = h.input_count > 0
                              ? "input has '" +
                                    quote(input, m.positions[h.input_first],
                                          m.positions[h.input_first + h.input_count - 1]) +
                                    "'"
                              : "input omits " + std::to_string(h.entry_count) + " word(s)";
      summary.version_differences.push_back(
          where +
          (h.entry_count > 0 ? " where the entry has " + std::to_string(h.entry_count) +
                                   " other word(s)" + (in_entry.any ? " with a number or date" : "")
                             : " not in the entry") +
          " (entry word " + std::to_string(h.entry_first) + ")");
    }
    if (h.input_count > 0) {
      const size_t first = m.positions[h.input_first];
      const size_t last = m.positions[h.input_first + h.input_count - 1];
      AddedSpan span;
      span.begin = input.tokens[first].begin;
      span.end = input.tokens[last].end;
      span.words = h.input_count;
      span.text = quote(input, first, last);
      summary.added_words += h.input_count;
      // Only input-contiguous spans are classified; the first match covers
      // the whole input, so its hunks always are.
      size_t rights_changes = 0;
      if (last - first + 1 == h.input_count) {
        const bool after_terms = end_of_terms != std::string_view::npos && first >= end_of_terms;
        for (Modification& mod :
             classify_added(input.text, input.tokens, first, last + 1, after_terms)) {
          summary.modifications.push_back(std::move(mod));
          ++rights_changes;
        }
      }
      if (h.at_edge && h.entry_count == 0 && rights_changes == 0 &&
          h.input_count <= kMaxHarmlessEdgeWords) {
        summary.harmless_edge_words += h.input_count;
      }
      summary.added.push_back(std::move(span));
    }
    if (h.entry_count > 0) {
      summary.removed_words += h.entry_count;
      summary.removed.push_back(removed_span(input, m, h, entry_version));
    }
  }
  return summary;
}

}  // namespace owl::identify
