// read_license_terms(): the terms a licence text states, read sentence by
// sentence against the lexicon (data/lexicon/license-terms.yaml).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "identify/terms_text.h"
#include "owl/license_terms.h"
#include "owl/units.h"

namespace owl {

namespace {

using identify::FoldedText;
using identify::Sentence;

bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

// `part` at or after `from` in `s`, whole words when it starts or ends with
// a Latin letter; npos when absent.
size_t find_part(std::string_view s, std::string_view part, size_t from) {
  for (size_t at = s.find(part, from); at != std::string_view::npos; at = s.find(part, at + 1)) {
    const size_t end = at + part.size();
    const bool left = !is_letter(part.front()) || at == 0 || !is_letter(s[at - 1]);
    // A plural still matches ("output" finds "outputs").
    const bool right = !is_letter(part.back()) || end >= s.size() || !is_letter(s[end]) ||
                       (s[end] == 's' && (end + 1 >= s.size() || !is_letter(s[end + 1])));
    if (left && right) return at;
  }
  return std::string_view::npos;
}

// Where the phrase's parts occur in order within the sentence: the offset of
// the first part and the end of the last, or npos.
std::pair<size_t, size_t> match_phrase(std::string_view s, const std::vector<std::string>& parts) {
  size_t from = 0, first = std::string_view::npos;
  for (const auto& part : parts) {
    const size_t at = find_part(s, part, from);
    if (at == std::string_view::npos) return {std::string_view::npos, 0};
    if (first == std::string_view::npos) first = at;
    from = at + part.size();
  }
  return {first, from};
}

struct Hit {
  size_t sentence = 0;
  size_t begin = 0, end = 0;  // of the phrase within the sentence text
};

class Reader {
 public:
  Reader(std::string_view original, const TermLexicon& lexicon)
      : original_(original),
        lexicon_(lexicon),
        folded_(identify::fold_license_text(original)),
        sentences_(identify::split_sentences(original, folded_)) {}

  std::vector<std::string> signals() {
    find_hits();
    std::vector<std::string> out;
    for (const auto& rule : lexicon_.rules())
      if (hits_.count(rule.signal) && std::find(out.begin(), out.end(), rule.signal) == out.end())
        out.push_back(rule.signal);
    return out;
  }

  ReadLicenseTerms read() {
    find_hits();
    commercial();
    thresholds();
    territory();
    outputs();
    duties();
    restrictions();
    extracted("governing-law", out_.governing_law, out_.governing_law_clause);
    extracted("licensor", out_.licensor, out_.licensor_clause);
    return std::move(out_);
  }

 private:
  std::string_view sentence(size_t k) const {
    const Sentence& s = sentences_[k];
    return std::string_view(folded_.text).substr(s.begin, std::min<size_t>(s.end - s.begin, 4000));
  }

  TermClause clause(size_t k) const {
    const Sentence& s = sentences_[k];
    const size_t begin = folded_.origin[s.begin];
    const size_t end = s.end < folded_.origin.size() ? folded_.origin[s.end] : original_.size();
    TermClause c;
    c.quote = one_line(original_.substr(begin, end - begin), 240);
    c.line = s.line;
    c.offset = begin;
    c.section = s.section;
    return c;
  }

  void find_hits() {
    for (size_t k = 0; k < sentences_.size(); ++k) {
      const std::string_view s = sentence(k);
      for (const auto& rule : lexicon_.rules()) {
        const bool cancelled = std::any_of(
            rule.unless.begin(), rule.unless.end(),
            [&](const std::string& u) { return find_part(s, u, 0) != std::string_view::npos; });
        if (cancelled) continue;
        for (const auto& parts : rule.phrases) {
          const auto [begin, end] = match_phrase(s, parts);
          if (begin == std::string_view::npos) continue;
          hits_[rule.signal].push_back({k, begin, end});
          break;
        }
      }
    }
  }

  const std::vector<Hit>& hits(const std::string& signal) const {
    static const std::vector<Hit> kNone;
    const auto it = hits_.find(signal);
    return it == hits_.end() ? kNone : it->second;
  }
  bool sentence_has(size_t k, const std::string& signal) const {
    const auto& list = hits(signal);
    return std::any_of(list.begin(), list.end(), [&](const Hit& h) { return h.sentence == k; });
  }
  // The metric named in sentence k (first by position), if any.
  struct MetricAt {
    ThresholdMetric metric;
    size_t at;
  };
  std::vector<MetricAt> metrics_in(size_t k) const {
    std::vector<MetricAt> found;
    const std::string_view s = sentence(k);
    for (const auto& metric : lexicon_.metrics())
      for (const auto& phrase : metric.phrases)
        for (size_t at = find_part(s, phrase, 0); at != std::string_view::npos;
             at = find_part(s, phrase, at + phrase.size()))
          found.push_back({metric.metric, at});
    return found;
  }
  bool about_threshold(size_t k) const {
    const std::string_view s = sentence(k);
    return !metrics_in(k).empty() && !find_amounts(s).empty();
  }

  // Commercial use: the strongest statement wins. A way in (registration,
  // authorisation) outranks a bare ban in the same text, because texts that
  // allow commercial use after a step say so next to "non-commercial"; a
  // ban outranks a grant; sentences about a user threshold are thresholds.
  void commercial() {
    const std::pair<const char*, CommercialTerm> order[] = {
        {"commercial-authorisation", CommercialTerm::kNeedsAuthorisation},
        {"commercial-registration", CommercialTerm::kAfterRegistration},
        {"commercial-forbidden", CommercialTerm::kForbidden},
        {"commercial-research-or-personal-only", CommercialTerm::kResearchOrPersonalOnly},
        {"commercial-allowed", CommercialTerm::kAllowed},
    };
    // "Send the registration form ... and obtain the licence for commercial
    // purposes": a form is the way in, unless written consent is asked too.
    for (const Hit& hit : hits("commercial-registration"))
      if (sentence_has(hit.sentence, "commercial-authorisation") &&
          !sentence_has(hit.sentence, "written-consent") && !about_threshold(hit.sentence)) {
        out_.commercial = CommercialTerm::kAfterRegistration;
        out_.commercial_clause = clause(hit.sentence);
        return;
      }
    for (const auto& [signal, term] : order) {
      const Hit* chosen = nullptr;
      for (const Hit& hit : hits(signal)) {
        if (about_threshold(hit.sentence)) continue;
        if (!chosen) chosen = &hit;
        // A grant says it best: "... grants you ... royalty-free".
        if (term == CommercialTerm::kAllowed && sentence_has(hit.sentence, "grant")) {
          chosen = &hit;
          break;
        }
        if (term != CommercialTerm::kAllowed) break;
      }
      if (!chosen) continue;
      out_.commercial = term;
      out_.commercial_clause = clause(chosen->sentence);
      return;
    }
  }

  void thresholds() {
    for (size_t k = 0; k < sentences_.size(); ++k) {
      const auto metrics = metrics_in(k);
      if (metrics.empty()) continue;
      const std::string_view s = sentence(k);
      const auto amounts = find_amounts(s);
      if (amounts.empty()) continue;
      ThresholdEffect effect = ThresholdEffect::kUnclear;
      if (sentence_has(k, "threshold-needs-licence"))
        effect = ThresholdEffect::kNeedsLicence;
      else if (sentence_has(k, "threshold-duty"))
        effect = ThresholdEffect::kDuty;
      // "If you make more than X ...  You must then request a license": the
      // consequence may sit in the next sentence.
      else if (k + 1 < sentences_.size() && metrics_in(k + 1).empty() &&
               sentence_has(k + 1, "threshold-needs-licence"))
        effect = ThresholdEffect::kNeedsLicence;
      for (const MetricAt& named : metrics) {
        // Not a structured binding: the lambda below captures the metric.
        const ThresholdMetric metric = named.metric;
        const size_t at = named.at;
        // The amount nearest the metric's words, preferring one before it.
        const WrittenAmount* best = nullptr;
        size_t best_distance = SIZE_MAX;
        for (const auto& amount : amounts) {
          const size_t distance = amount.end <= at ? at - amount.end : (amount.begin - at) * 2;
          const bool revenue = metric == ThresholdMetric::kAnnualRevenue ||
                               metric == ThresholdMetric::kMonthlyRevenue;
          if (!revenue && !amount.currency.empty()) continue;  // users are not dollars
          if (distance < best_distance) best = &amount, best_distance = distance;
        }
        if (!best || best_distance > 160) continue;
        // The same number stated twice (a preamble, then the clause): keep
        // the statement that says plainly what crossing it does.
        auto same = std::find_if(
            out_.thresholds.begin(), out_.thresholds.end(),
            [&](const ReadThreshold& t) { return t.metric == metric && t.value == best->value; });
        if (same == out_.thresholds.end())
          out_.thresholds.push_back({metric, best->value, best->currency, effect, clause(k)});
        else if (decisiveness(effect) > decisiveness(same->effect))
          *same = {metric, best->value, best->currency, effect, clause(k)};
      }
    }
  }

  static int decisiveness(ThresholdEffect effect) {
    return effect == ThresholdEffect::kNeedsLicence ? 2 : effect == ThresholdEffect::kDuty ? 1 : 0;
  }

  void territory() {
    for (const Hit& hit : hits("territory-exclusion")) {
      const std::string_view s = sentence(hit.sentence);
      ReadTerritory territory;
      for (const auto& region : lexicon_.regions())
        for (const auto& name : region.names)
          if (find_part(s, name, 0) != std::string_view::npos) {
            territory.excluded.push_back(region.code);
            break;
          }
      if (territory.excluded.empty()) continue;
      territory.clause = clause(hit.sentence);
      out_.territories.push_back(std::move(territory));
    }
  }

  void outputs() {
    if (const auto& list = hits("outputs-no-training"); !list.empty())
      out_.outputs_may_not_train_models = StatedTerm{clause(list.front().sentence)};
    if (const auto& list = hits("outputs-no-commercial"); !list.empty())
      out_.outputs_not_for_commercial_use = StatedTerm{clause(list.front().sentence)};
  }

  // The first quoted phrase after `from` in sentence k ("built with foo"),
  // from the original text so its case is kept.
  std::string quoted_after(size_t k, size_t from, size_t reach) const {
    const std::string_view s = sentence(k);
    const size_t open = s.find('"', from);
    if (open == std::string_view::npos || open - from > reach) return "";
    const size_t close = s.find('"', open + 1);
    if (close == std::string_view::npos || close - open > 80) return "";
    const size_t base = sentences_[k].begin;
    const size_t begin = folded_.origin[base + open + 1];
    const size_t end = folded_.origin[base + close];
    return one_line(original_.substr(begin, end - begin), 80);
  }

  void duties() {
    const std::pair<const char*, DutyKind> kinds[] = {
        {"duty-display", DutyKind::kDisplay},
        {"duty-name-prefix", DutyKind::kNamePrefix},
        {"duty-notice-file", DutyKind::kNoticeFile},
        {"duty-pass-on-terms", DutyKind::kPassOnTerms},
        {"duty-attribution", DutyKind::kAttribution},
    };
    for (const auto& [signal, kind] : kinds) {
      const auto& list = hits(signal);
      if (list.empty()) continue;
      // Prefer the hit that quotes what to display or prefix.
      const Hit* chosen = &list.front();
      std::string detail;
      for (const Hit& hit : list) {
        const bool quoting = kind == DutyKind::kDisplay || kind == DutyKind::kNamePrefix;
        const size_t from =
            kind == DutyKind::kDisplay && hit.begin >= 1 ? hit.begin - 1 : hit.begin;
        std::string q = !quoting                        ? ""
                        : kind == DutyKind::kNamePrefix ? quoted_after(hit.sentence, 0, SIZE_MAX)
                                                        : quoted_after(hit.sentence, from, 40);
        if (!q.empty()) {
          chosen = &hit, detail = std::move(q);
          break;
        }
      }
      out_.duties.push_back({kind, std::move(detail), clause(chosen->sentence)});
    }
    // Use restrictions flow down when recipients must be bound by them, or
    // must receive this agreement (which carries them) with every copy.
    out_.restrictions_flow_down =
        !hits("use-restrictions").empty() &&
        (!hits("duty-pass-on-terms").empty() || !hits("duty-copy-of-terms").empty());
  }

  void restrictions() {
    if (const auto& list = hits("use-restrictions"); !list.empty())
      out_.use_restrictions = StatedTerm{clause(list.front().sentence)};
    if (const auto& list = hits("revocable"); !list.empty())
      out_.revocable = StatedTerm{clause(list.front().sentence)};
    if (const auto& list = hits("remote-restriction"); !list.empty())
      out_.remote_restriction = StatedTerm{clause(list.front().sentence)};
  }

  // The words after the phrase, up to a clause boundary ("the laws of
  // the State of Nowhere, without ..." -> "the State of Nowhere").
  void extracted(const std::string& signal, std::string& value, std::optional<TermClause>& where) {
    for (const Hit& hit : hits(signal)) {
      const Sentence& s = sentences_[hit.sentence];
      const size_t from = s.begin + hit.end;
      size_t to = from;
      const std::string& t = folded_.text;
      while (to < s.end && to - from < 100 && t[to] != ',' && t[to] != ';' && t[to] != '(' &&
             !(t[to] == '.' && (to + 1 >= s.end || t[to + 1] == ' ')) &&
             t.compare(to, 8, " without") != 0 && t.compare(to, 10, " excluding") != 0 &&
             t.compare(to, 3, "\xe6\xb3\x95") != 0 /* 法 */ &&
             t.compare(to, 3, "\xe3\x80\x82") != 0 && t.compare(to, 4, " and") != 0)
        ++to;
      if (to <= from) continue;
      const size_t begin = folded_.origin[from];
      const size_t end = to < folded_.origin.size() ? folded_.origin[to] : original_.size();
      std::string found = one_line(original_.substr(begin, end - begin), 100);
      while (!found.empty() && (found.back() == '"' || found.back() == ' ')) found.pop_back();
      while (!found.empty() && (found.front() == '"' || found.front() == ' '))
        found.erase(found.begin());
      if (found.size() < 2) continue;
      value = std::move(found);
      where = clause(hit.sentence);
      return;
    }
  }

  std::string_view original_;
  const TermLexicon& lexicon_;
  FoldedText folded_;
  std::vector<Sentence> sentences_;
  std::map<std::string, std::vector<Hit>> hits_;
  ReadLicenseTerms out_;
};

}  // namespace

std::string TermClause::place() const {
  if (section.empty()) return fmt::format("line {}", line);
  return fmt::format("§{} (line {})", section, line);
}

const char* to_string(CommercialTerm term) {
  switch (term) {
    case CommercialTerm::kNotStated: return "not-stated";
    case CommercialTerm::kAllowed: return "allowed";
    case CommercialTerm::kAfterRegistration: return "after-registration";
    case CommercialTerm::kNeedsAuthorisation: return "needs-authorisation";
    case CommercialTerm::kResearchOrPersonalOnly: return "research-or-personal-only";
    case CommercialTerm::kForbidden: return "forbidden";
  }
  return "not-stated";
}

const char* to_string(ThresholdMetric metric) {
  switch (metric) {
    case ThresholdMetric::kMonthlyActiveUsers: return "monthly_active_users";
    case ThresholdMetric::kDailyActiveUsers: return "daily_active_users";
    case ThresholdMetric::kMonthlyVisits: return "monthly_visits";
    case ThresholdMetric::kDevices: return "devices";
    case ThresholdMetric::kAnnualRevenue: return "annual_revenue";
    case ThresholdMetric::kMonthlyRevenue: return "monthly_revenue";
  }
  return "monthly_active_users";
}

const char* to_string(ThresholdEffect effect) {
  switch (effect) {
    case ThresholdEffect::kNeedsLicence: return "needs-licence";
    case ThresholdEffect::kDuty: return "duty";
    case ThresholdEffect::kUnclear: return "unclear";
  }
  return "unclear";
}

const char* to_string(DutyKind kind) {
  switch (kind) {
    case DutyKind::kDisplay: return "display";
    case DutyKind::kNamePrefix: return "name-prefix";
    case DutyKind::kNoticeFile: return "notice-file";
    case DutyKind::kPassOnTerms: return "pass-on-terms";
    case DutyKind::kAttribution: return "attribution";
  }
  return "attribution";
}

// Licences are a few KB (the longest in the corpus about 60 KB); the cap
// bounds the phrase search on a hostile multi-megabyte "LICENSE".
constexpr size_t kMaxTermBytes = 256u << 10;

std::vector<std::string> term_signals(std::string_view text, const TermLexicon& lexicon) {
  return Reader(text.substr(0, kMaxTermBytes), lexicon).signals();
}

ReadLicenseTerms read_license_terms(std::string_view text, const TermLexicon& lexicon) {
  return Reader(text.substr(0, kMaxTermBytes), lexicon).read();
}

}  // namespace owl
