// The plain "commercial use: yes / no / with conditions / unclear" of a
// release without a deployment profile, from its effective terms' facts;
// and the reason that decides a profile's verdict. Printers show these and
// compute nothing.
#include <fmt/format.h>

#include "license_names.h"
#include "owl/assessment.h"

namespace owl {

namespace {

// "allowed unless the 700M monthly-active-user threshold applies
// [LicenseRef-owl-llama-3 §1.a, §2]": the licence's own condition, cited.
std::string terms_words(const Terms& terms) {
  const ValuedFact& fact = terms.facts->commercial_use;
  std::string words = fact.detail.empty() ? "commercial use " + fact.value : fact.detail;
  words += fact.section.empty() ? fmt::format(" [{}]", terms.id)
                                : fmt::format(" [{} {}]", terms.id, fact.section);
  return words;
}

CommercialUse answer_of(const LicenseFacts& facts) {
  const std::string& value = facts.commercial_use.value;
  if (value == "no") return CommercialUse::kNo;
  // Terms read from a text that leaves a question open clear nothing.
  if (facts.read_from_text && !facts.open_questions.empty()) return CommercialUse::kUnclear;
  if (value == "conditional") return CommercialUse::kWithConditions;
  if (value == "yes")
    return facts.use_restrictions.present || !facts.thresholds.empty()
               ? CommercialUse::kWithConditions
               : CommercialUse::kYes;
  return CommercialUse::kUnclear;
}

// Worst first: a "no" anywhere decides; then not knowing; then conditions.
int rank(CommercialUse answer) {
  switch (answer) {
    case CommercialUse::kNo: return 3;
    case CommercialUse::kUnclear: return 2;
    case CommercialUse::kWithConditions: return 1;
    case CommercialUse::kYes: return 0;
  }
  return 2;
}

}  // namespace

const char* to_string(CommercialUse answer) {
  switch (answer) {
    case CommercialUse::kYes: return "yes";
    case CommercialUse::kWithConditions: return "with conditions";
    case CommercialUse::kNo: return "no";
    case CommercialUse::kUnclear: return "unclear";
  }
  return "unclear";
}

CommercialVerdict judge_commercial_use(const std::vector<Terms>& effective) {
  if (effective.empty()) return {CommercialUse::kUnclear, "no licence found"};
  CommercialVerdict verdict{CommercialUse::kYes, ""};
  bool decided = false;
  for (const auto& terms : effective) {
    if (terms.facts != nullptr && terms.facts->commercial_use.value == "not-applicable") continue;
    const CommercialUse answer = terms.facts ? answer_of(*terms.facts) : CommercialUse::kUnclear;
    if (decided && rank(answer) <= rank(verdict.answer)) continue;
    decided = true;
    verdict.answer = answer;
    if (terms.facts == nullptr)
      verdict.reason = terms.id.empty() ? "an unrecognised licence text"
                                        : fmt::format("{}: owl has no facts for it", terms.id);
    else
      verdict.reason = terms_words(terms);
  }
  if (!decided) return {CommercialUse::kUnclear, "only policy documents found, no licence"};
  return verdict;
}

const Reason* deciding_reason(const UseVerdict& use) {
  for (const auto& reason : use.reasons)
    if (reason.effect == use.permission) return &reason;
  return nullptr;
}

std::string license_id_for_name(std::string_view written) {
  return detail::license_id_for(written);
}

}  // namespace owl
