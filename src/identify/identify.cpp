// LicenseIndex::identify(): the pipeline, cheapest step first.
//   exact hash -> model card -> components (retrieval + alignment, repeated on
//   what is left) -> names of other licences in the unexplained text ->
//   pointer shape -> verdict from the differences against the best entry.
#include <algorithm>
#include <set>

#include "identify/detect.h"
#include "identify/engine.h"

namespace owl {
namespace {

using namespace identify;

constexpr size_t kMaxInputBytes = 4u << 20;  // licence files are KBs; cards rarely 100s of KBs
constexpr size_t kMaxPointerWords = 150;
constexpr size_t kMaxCandidates = 5;
// Differences up to this many words (or 3% of the entry) are formatting,
// names filled into placeholders and the like: near-exact.
constexpr size_t kNearExactWords = 10;
constexpr double kNearExactShare = 0.03;
constexpr double kMinVariantDice = 0.8;

Input make_input(const LicenseIndex::Impl& index, std::string_view text) {
  Input input;
  input.text = text.substr(0, kMaxInputBytes);
  input.tokens = tokenise(input.text);
  input.values.reserve(input.tokens.size());
  for (const Token& t : input.tokens) input.values.push_back(index.word_value(t.hash));
  return input;
}

void describe_entry(const LicenseIndex::Impl& index, uint32_t entry, Identification& out) {
  const EntryRecord r = index.record(entry);
  out.id = index.string(r.id_string);
  out.family = index.string(r.family_string);
  out.version = index.string(r.version_string);
  out.name = index.string(r.name_string);
  out.document = (r.kind & 0xFF) == 1 ? EntryKind::kPolicy : EntryKind::kLicence;
  out.equivalent_ids.clear();
  const std::string_view list = index.string(r.equivalents_string);
  for (size_t pos = 0; pos < list.size();) {
    const size_t end = std::min(list.find(',', pos), list.size());
    out.equivalent_ids.emplace_back(list.substr(pos, end - pos));
    pos = end + 1;
  }
}

std::vector<Candidate> to_candidates(const LicenseIndex::Impl& index,
                                     const std::vector<ScoredCandidate>& scored) {
  std::vector<Candidate> out;
  std::set<std::string_view> seen;
  for (const ScoredCandidate& s : scored) {
    const EntryRecord r = index.record(s.entry);
    if (out.size() >= kMaxCandidates || !seen.insert(index.string(r.id_string)).second) continue;
    out.push_back({std::string(index.string(r.id_string)), std::string(index.string(r.name_string)),
                   s.score});
  }
  return out;
}

MatchQuality quality_of(const Match& m, const DiffSummary& diff) {
  const size_t changed = diff.added_words + diff.removed_words - diff.harmless_edge_words;
  const double allowed = std::max<double>(
      kNearExactWords, kNearExactShare * static_cast<double>(m.entry_words.size()));
  if (diff.added_words + diff.removed_words == 0) return MatchQuality::kExact;
  if (!diff.version_differences.empty() && m.dice >= kMinVariantDice) return MatchQuality::kVariant;
  if (!diff.modifications.empty() || static_cast<double>(changed) > allowed)
    return MatchQuality::kModified;
  return MatchQuality::kNearExact;
}

Verdict verdict_for(MatchQuality quality, EntryKind kind) {
  if (kind == EntryKind::kPolicy) return Verdict::kPolicy;
  switch (quality) {
    case MatchQuality::kExact: return Verdict::kExact;
    case MatchQuality::kNearExact: return Verdict::kNearExact;
    case MatchQuality::kVariant: return Verdict::kVariantOf;
    case MatchQuality::kModified: return Verdict::kModified;
    case MatchQuality::kNone: break;
  }
  return Verdict::kUnknown;
}

void apply_diff(DiffSummary diff, Identification& out) {
  out.added = std::move(diff.added);
  out.removed = std::move(diff.removed);
  out.modifications = std::move(diff.modifications);
  out.version_differences = std::move(diff.version_differences);
  out.version_words = std::move(diff.version_words);
}

// One licence matched: exact, near-exact, variant or modified, relative to
// the entry or, for a known modified licence (Kimi K2), to what it modifies.
void single_match(const LicenseIndex::Impl& index, const Input& input, const Match& m,
                  Identification& out) {
  DiffSummary diff = describe_differences(index, input, m);
  MatchQuality quality = quality_of(m, diff);
  const EntryRecord r = index.record(m.entry);
  if (r.base_entry != kNoEntry) {
    const bool close = quality == MatchQuality::kExact || quality == MatchQuality::kNearExact;
    const Match base = match_against(index, input, r.base_entry);
    describe_entry(index, close ? m.entry : r.base_entry, out);
    out.modified_from = index.string(index.record(r.base_entry).id_string);
    out.verdict = Verdict::kModified;
    out.quality = close ? quality : MatchQuality::kModified;
    out.score = close ? m.dice : base.dice;
    apply_diff(describe_differences(index, input, base), out);
    return;
  }
  describe_entry(index, m.entry, out);
  out.quality = quality;
  out.verdict = verdict_for(quality, out.document);
  out.score = m.dice;
  if (quality == MatchQuality::kModified) out.modified_from = out.id;
  apply_diff(std::move(diff), out);
}

// Token runs no component explains, as [first, last) input token ranges.
std::vector<std::pair<size_t, size_t>> unexplained_runs(const Input& input,
                                                        const std::vector<Match>& matches) {
  std::vector<bool> covered(input.tokens.size(), false);
  for (const Match& m : matches) {
    for (const AlignOp& op : m.alignment.ops) {
      if (op.kind != OpKind::kEqual) continue;
      for (uint32_t k = 0; k < op.length; ++k) covered[m.positions[op.input_pos + k]] = true;
    }
  }
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < covered.size();) {
    if (covered[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < covered.size() && !covered[j]) ++j;
    runs.emplace_back(i, j);
    i = j;
  }
  return runs;
}

Component component_of(const LicenseIndex::Impl& index, const Input& input, const Match& m) {
  Component c;
  const EntryRecord r = index.record(m.entry);
  c.id = index.string(r.id_string);
  c.name = index.string(r.name_string);
  c.score = m.dice;
  c.quality = quality_of(m, describe_differences(index, input, m));
  size_t first = SIZE_MAX, last = 0;
  for (const AlignOp& op : m.alignment.ops) {
    if (op.kind != OpKind::kEqual) continue;
    first = std::min<size_t>(first, m.positions[op.input_pos]);
    last = std::max<size_t>(last, m.positions[op.input_pos + op.length - 1]);
  }
  if (first != SIZE_MAX) c.begin = input.tokens[first].begin, c.end = input.tokens[last].end;
  return c;
}

Component referenced_component(const LicenseIndex::Impl& index, const Reference& ref) {
  Component c;
  const EntryRecord r = index.record(ref.entry);
  c.id = index.string(r.id_string);
  c.name = index.string(r.name_string);
  c.begin = ref.begin, c.end = ref.end;
  c.referenced_only = true;
  return c;
}

std::string and_expression(const std::vector<Component>& components) {
  std::string expression;
  for (const Component& c : components) expression += (expression.empty() ? "" : " AND ") + c.id;
  return expression;
}

}  // namespace

Identification LicenseIndex::identify(std::string_view text) const {
  const Impl& index = *impl_;
  Identification out;
  const Input input = make_input(index, text);
  out.input_words = input.tokens.size();
  if (input.tokens.empty()) return out;

  std::vector<uint32_t> hashes;
  hashes.reserve(input.tokens.size());
  for (const Token& t : input.tokens) hashes.push_back(t.hash);
  const auto exact = index.canonical_by_exact_hash.find(sequence_hash(hashes));
  if (exact != index.canonical_by_exact_hash.end() &&
      index.record(exact->second).base_entry == kNoEntry) {
    describe_entry(index, exact->second, out);
    out.quality = MatchQuality::kExact;
    out.verdict = verdict_for(MatchQuality::kExact, out.document);
    out.score = 1.0;
    out.candidates.push_back({out.id, out.name, 1.0});
    return out;
  }
  if (looks_like_model_card(input.text)) {
    out.verdict = Verdict::kModelCard;
    return out;
  }

  std::vector<ScoredCandidate> scored;
  const std::vector<Match> matches = find_components(index, input, scored);
  out.candidates = to_candidates(index, scored);

  // One component per id: Apache-2.0 is indexed with and without its appendix.
  std::set<uint32_t> matched_entries;
  std::set<std::string> matched_ids;
  std::vector<Component> components;
  for (const Match& m : matches) {
    matched_entries.insert(m.entry);
    if (matched_ids.insert(std::string(index.string(index.record(m.entry).id_string))).second) {
      components.push_back(component_of(index, input, m));
    }
  }
  std::vector<Component> referenced;
  for (const auto& [first, last] : unexplained_runs(input, matches)) {
    for (const Reference& ref : find_references(index, input.tokens, first, last)) {
      const uint32_t base = index.record(ref.entry).base_entry;
      const std::string id(index.string(index.record(ref.entry).id_string));
      if (matched_entries.count(ref.entry) || matched_ids.count(id) ||
          (base != kNoEntry && matched_entries.count(base))) {
        continue;
      }
      matched_entries.insert(ref.entry);
      matched_ids.insert(id);
      referenced.push_back(referenced_component(index, ref));
    }
  }

  if (components.empty()) {
    const PointerShape shape = pointer_shape(input.text);
    const bool pointer = input.tokens.size() <= kMaxPointerWords && shape.cue &&
                         (!shape.target.empty() || !referenced.empty());
    if (!pointer) {
      if (!out.candidates.empty()) out.score = out.candidates.front().score;
      return out;
    }
    if (referenced.size() == 1)
      describe_entry(index, static_cast<uint32_t>(find(referenced[0].id)), out);
    if (referenced.size() > 1) out.id = and_expression(referenced);
    out.verdict = Verdict::kPointer;
    out.pointer_target = shape.target;
    out.components = std::move(referenced);
    return out;
  }
  if (components.size() + referenced.size() >= 2) {
    for (Component& c : referenced) components.push_back(std::move(c));
    out.verdict = Verdict::kSeveral;
    out.components = std::move(components);
    out.id = and_expression(out.components);
    out.score = matches.front().dice;
    return out;
  }
  single_match(index, input, matches.front(), out);
  return out;
}

}  // namespace owl
