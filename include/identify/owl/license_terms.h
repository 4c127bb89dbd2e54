// The terms a licence text states, read from the text itself.
//
// The knowledge base is the authority for texts owl knows exactly. A text
// that is a variant of a known licence, a modified copy, or new to owl
// speaks for itself: read_license_terms() reads the terms that decide a
// deployment (commercial use, thresholds, territory, outputs, duties, use
// restrictions, revocation, governing law, the licensor), each with the
// clause quoted and its place. English and Chinese; the phrases live in
// data/lexicon/license-terms.yaml, never in code.
//
// The reader says what the words say, never whether that is acceptable
// (that is assess). Where a text says nothing decisive on a question, the
// answer is kNotStated, and assess must not fill it from a template.
// Thread-safe: the lexicon is immutable after load.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl {

// Where a term is stated: the quoted sentence and its place in the text.
struct TermClause {
  std::string quote;    // the sentence, verbatim on one line (capped)
  size_t line = 0;      // 1-based line of the sentence's start
  size_t offset = 0;    // byte offset of the sentence in the text
  std::string section;  // the nearest numbered heading before it ("2.", "III", "第三条"), if any
  // "§2 (line 14)" or "line 14".
  std::string place() const;
};

enum class CommercialTerm {
  kNotStated,               // the text says nothing decisive
  kAllowed,                 // a grant that covers selling or commercial use
  kAfterRegistration,       // allowed once you register or fill in a form
  kNeedsAuthorisation,      // only with the licensor's written authorisation or a separate licence
  kResearchOrPersonalOnly,  // research, evaluation or personal use only
  kForbidden,               // non-commercial use only
};
const char* to_string(CommercialTerm term);  // "not-stated", "allowed", ...

enum class ThresholdMetric {
  kMonthlyActiveUsers,
  kDailyActiveUsers,
  kMonthlyVisits,
  kDevices,
  kAnnualRevenue,
  kMonthlyRevenue,
};
const char* to_string(ThresholdMetric metric);  // "monthly_active_users", ...

enum class ThresholdEffect {
  kNeedsLicence,  // above it, no rights until the licensor grants them
  kDuty,          // above it, a duty (a display, a fee) but rights remain
  kUnclear,       // the text states a number but not plainly what crossing it does
};
const char* to_string(ThresholdEffect effect);

struct ReadThreshold {
  ThresholdMetric metric = ThresholdMetric::kMonthlyActiveUsers;
  double value = 0;
  std::string currency;  // "USD", "CNY", "EUR" for revenues; empty for counts
  ThresholdEffect effect = ThresholdEffect::kUnclear;
  TermClause clause;
};

struct ReadTerritory {
  std::vector<std::string> excluded;  // "EU", "UK", "KR", ...: where the licence does not apply
  TermClause clause;
};

enum class DutyKind {
  kDisplay,      // show a phrase ("Built with X") in the product or its documentation
  kNamePrefix,   // derived models' names start with a word
  kNoticeFile,   // keep a NOTICE file
  kPassOnTerms,  // pass the use restrictions or policy on to recipients
  kAttribution,  // keep copyright and licence notices
};
const char* to_string(DutyKind kind);

struct ReadDuty {
  DutyKind kind = DutyKind::kAttribution;
  std::string detail;  // the phrase or prefix, as quoted in the text ("Built with Foo")
  TermClause clause;
};

// A yes/no term with the clause that states it; absent when the text is silent.
struct StatedTerm {
  TermClause clause;
};

struct ReadLicenseTerms {
  CommercialTerm commercial = CommercialTerm::kNotStated;
  std::optional<TermClause> commercial_clause;
  std::vector<ReadThreshold> thresholds;
  std::vector<ReadTerritory> territories;
  std::optional<StatedTerm> outputs_may_not_train_models;  // outputs may not improve other models
  std::optional<StatedTerm> outputs_not_for_commercial_use;
  std::vector<ReadDuty> duties;
  std::optional<StatedTerm> use_restrictions;  // a policy, attachment or list of prohibited uses
  bool restrictions_flow_down = false;         // and recipients must be bound by them
  std::optional<StatedTerm> revocable;         // the licensor may terminate or revoke at will
  std::optional<StatedTerm> remote_restriction;
  std::string governing_law;
  std::optional<TermClause> governing_law_clause;
  std::string licensor;
  std::optional<TermClause> licensor_clause;

  // Every question the reader answers, for "decides fully" counts: whether
  // the text settles commercial use (the question a verdict cannot do without).
  bool decides_commercial() const { return commercial != CommercialTerm::kNotStated; }
};

// The phrase tables (data/lexicon/license-terms.yaml), compiled in.
class TermLexicon {
 public:
  // The embedded lexicon; validated on first use. A broken build still
  // returns what validated; errors() lists the rest (a test asserts none).
  static const TermLexicon& builtin();
  // Parses one lexicon file (for tests and organisations' own lexicons).
  static TermLexicon parse(std::string_view file_name, std::string_view yaml);

  struct Rule;
  struct Region;
  struct Metric;
  const std::vector<Rule>& rules() const { return *rules_; }
  const std::vector<Region>& regions() const { return *regions_; }
  const std::vector<Metric>& metrics() const { return *metrics_; }
  const std::vector<Error>& errors() const { return errors_; }

  TermLexicon();
  TermLexicon(const TermLexicon&);
  TermLexicon& operator=(const TermLexicon&);
  ~TermLexicon();

 private:
  std::unique_ptr<std::vector<Rule>> rules_;
  std::unique_ptr<std::vector<Region>> regions_;
  std::unique_ptr<std::vector<Metric>> metrics_;
  std::vector<Error> errors_;
};

// One rule of the lexicon: the term it signals, the phrases that signal it
// (lower case; " … " between parts means "in this order, within one
// sentence"), and an example sentence in our own words that must trigger it.
struct TermLexicon::Rule {
  std::string signal;  // "commercial-forbidden", "threshold-needs-licence", ...
  std::vector<std::vector<std::string>> phrases;  // each phrase split at " … "
  std::vector<std::string> unless;                // a sentence holding one of these is skipped
  std::vector<std::string> examples;
};

struct TermLexicon::Region {
  std::string code;                // "EU"
  std::vector<std::string> names;  // "european union", "欧盟"
};

struct TermLexicon::Metric {
  ThresholdMetric metric = ThresholdMetric::kMonthlyActiveUsers;
  std::vector<std::string> phrases;
};

ReadLicenseTerms read_license_terms(std::string_view text,
                                    const TermLexicon& lexicon = TermLexicon::builtin());

// The lexicon signals that fire on a text, each once, in lexicon order (for
// testing the lexicon's examples and for `owl identify` debugging).
std::vector<std::string> term_signals(std::string_view text,
                                      const TermLexicon& lexicon = TermLexicon::builtin());

// A number as a licence writes it: "700 million", "$1,000,000", "1亿", "100万",
// "USD 20 million". Returns the value and currency ("" when none), or nullopt.
struct WrittenAmount {
  double value = 0;
  std::string currency;
  size_t begin = 0, end = 0;  // byte range in the searched text
};
std::vector<WrittenAmount> find_amounts(std::string_view text);

}  // namespace owl
