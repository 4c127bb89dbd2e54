// The terms of a licence text owl does not know exactly. The text governs:
// a variant of a known licence whose version words name a version the
// knowledge base knows is that version; anything else is judged on the terms
// read from the text itself (owl/license_terms.h), and a question the text
// leaves open is NEEDS LEGAL REVIEW, never the nearest known licence's answer.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "assess_internal.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

// The words that can name a version: a number the text changed in more
// than one place ("Llama 3.2" -> "3.3" in the title, the definitions and the
// notice line), or a date's year and month. One changed number ("700
// million" -> "1 million") is an edited clause, not a new version.
std::vector<std::string> version_candidates(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& word : words) {
    const auto times = std::count(words.begin(), words.end(), word);
    const bool year = word.size() == 4 && (word.rfind("19", 0) == 0 || word.rfind("20", 0) == 0);
    if ((times >= 2 || year) && std::find(out.begin(), out.end(), word) == out.end())
      out.push_back(word);
  }
  return out;
}

// Whether the words name `version`: "3.3" by a repeated change, a date
// ("2024-04-01", "2023-08") by its year, month name and day.
bool names_version(const std::vector<std::string>& words, std::string_view version) {
  if (version.empty()) return false;
  std::vector<std::string> lowered;
  for (const auto& word : words) lowered.push_back(ascii_lower(word));
  const auto has = [&](std::string_view w) {
    return std::find(lowered.begin(), lowered.end(), w) != lowered.end();
  };
  const bool date = version.size() >= 7 && version[4] == '-';
  if (!date) {
    const auto candidates = version_candidates(words);
    return std::find(candidates.begin(), candidates.end(), version) != candidates.end();
  }
  const std::string year(version.substr(0, 4));
  const int month = std::atoi(std::string(version.substr(5, 2)).c_str());
  if (month < 1 || month > 12 || !has(year)) return false;
  const bool month_stated = has(month_name(month)) || has(std::string(version.substr(5, 2))) ||
                            has(std::to_string(month));
  if (!month_stated) return false;
  if (version.size() < 10) return true;
  const int day = std::atoi(std::string(version.substr(8, 2)).c_str());
  return has(std::to_string(day)) || has(std::string(version.substr(8, 2)));
}

// The word that reads as the new version ("3.7", "2031"), or "" when no
// change looks like one.
std::string version_word(const std::vector<std::string>& words) {
  const auto candidates = version_candidates(words);
  for (const auto& word : candidates)
    if (word.find('.') != std::string::npos) return word;
  return candidates.empty() ? "" : candidates.front();
}

const LicenseFacts* known_version(const KnowledgeBase& knowledge, const Identification& found) {
  if (found.family.empty() || found.version_words.empty()) return nullptr;
  for (const auto& entry : knowledge.entries())
    if (entry.family == found.family && entry.kind != "policy" && entry.id != found.id &&
        names_version(found.version_words, entry.version))
      return &entry;
  return nullptr;
}

// knowledge-base metric names, so the judge measures them against the profile.
std::string metric_of(const ReadThreshold& threshold) {
  const bool usd = threshold.currency.empty() || threshold.currency == "USD";
  switch (threshold.metric) {
    case ThresholdMetric::kMonthlyActiveUsers: return "monthly_active_users";
    case ThresholdMetric::kAnnualRevenue:
      return usd ? "annual_revenue_usd" : "annual_revenue_" + ascii_lower(threshold.currency);
    case ThresholdMetric::kMonthlyRevenue:
      return usd ? "monthly_revenue_usd" : "monthly_revenue_" + ascii_lower(threshold.currency);
    default: return to_string(threshold.metric);
  }
}

Tier tier_from(const ReadLicenseTerms& read, bool open_questions) {
  switch (read.commercial) {
    case CommercialTerm::kForbidden:
    case CommercialTerm::kResearchOrPersonalOnly: return Tier::kNonCommercial;
    case CommercialTerm::kNotStated: return Tier::kProprietaryOrUnknown;
    default: break;
  }
  const bool licence_above =
      std::any_of(read.thresholds.begin(), read.thresholds.end(),
                  [](const ReadThreshold& t) { return t.effect != ThresholdEffect::kDuty; });
  if (read.commercial != CommercialTerm::kAllowed || licence_above || read.revocable ||
      read.remote_restriction || !read.territories.empty())
    return Tier::kSourceAvailableRevocable;
  if (read.use_restrictions) return Tier::kOpenWithUseRestrictions;
  return open_questions ? Tier::kProprietaryOrUnknown : Tier::kOpenPermissive;
}

std::string section_of(const TermClause& clause) { return clause.place(); }

// The added spans of a modified text that no term read from it explains:
// owl cannot say what they change.
std::vector<const AddedSpan*> unread_additions(const Identification& found,
                                               const ReadLicenseTerms& read) {
  constexpr size_t kMinWords = 25;
  std::vector<size_t> clause_offsets;
  const auto add = [&](const TermClause& c) { clause_offsets.push_back(c.offset); };
  if (read.commercial_clause) add(*read.commercial_clause);
  for (const auto& t : read.thresholds) add(t.clause);
  for (const auto& t : read.territories) add(t.clause);
  for (const auto& d : read.duties) add(d.clause);
  for (const auto* term : {&read.outputs_may_not_train_models, &read.outputs_not_for_commercial_use,
                           &read.use_restrictions, &read.revocable, &read.remote_restriction})
    if (*term) add((*term)->clause);
  std::vector<const AddedSpan*> unread;
  for (const auto& span : found.added) {
    if (span.words < kMinWords) continue;
    const bool explained =
        std::any_of(clause_offsets.begin(), clause_offsets.end(),
                    [&](size_t at) { return at + 400 >= span.begin && at < span.end; }) ||
        std::any_of(
            found.modifications.begin(), found.modifications.end(),
            [&](const Modification& m) { return m.offset >= span.begin && m.offset < span.end; });
    if (!explained) unread.push_back(&span);
  }
  return unread;
}

}  // namespace

std::shared_ptr<LicenseFacts> facts_from_text(const DocumentMatch& match, const std::string& id,
                                              const std::string& name) {
  const ReadLicenseTerms& read = *match.terms;
  const Identification& found = match.identification;
  auto facts = std::make_shared<LicenseFacts>();
  facts->id = id;
  facts->name = name;
  facts->family = found.family;
  facts->kind = "licence";
  facts->read_from_text = true;
  facts->verified = true;
  facts->file = match.path;
  facts->source.corpus = match.path;
  const auto question = [&](std::string text, std::string section) {
    facts->open_questions.push_back({std::move(text), std::move(section)});
  };

  // Commercial use.
  const std::string commercial_at =
      read.commercial_clause ? section_of(*read.commercial_clause) : "whole text";
  const std::string quoted = read.commercial_clause ? read.commercial_clause->quote : "";
  switch (read.commercial) {
    case CommercialTerm::kAllowed:
      facts->commercial_use = {"yes", quoted, commercial_at, ""};
      break;
    case CommercialTerm::kAfterRegistration:
      facts->commercial_use = {"conditional", quoted, commercial_at, "registration"};
      break;
    case CommercialTerm::kNeedsAuthorisation:
      facts->commercial_use = {"conditional", quoted, commercial_at, "authorisation"};
      break;
    case CommercialTerm::kResearchOrPersonalOnly:
    case CommercialTerm::kForbidden:
      facts->commercial_use = {"no", quoted, commercial_at, ""};
      break;
    case CommercialTerm::kNotStated:
      facts->commercial_use = {"unknown", "", "whole text", ""};
      question(fmt::format("{} does not say plainly whether commercial use is allowed", match.path),
               "whole text");
      break;
  }
  for (const auto& threshold : read.thresholds) {
    Threshold t;
    t.metric = metric_of(threshold);
    t.value = threshold.value;
    t.measured = "as the text states";
    t.effect = threshold.effect == ThresholdEffect::kDuty           ? "duty"
               : threshold.effect == ThresholdEffect::kNeedsLicence ? "needs-licence"
                                                                    : "unclear";
    t.consequence = threshold.effect == ThresholdEffect::kDuty
                        ? "follow the duty the text attaches to it"
                    : threshold.effect == ThresholdEffect::kNeedsLicence
                        ? "you need a further licence from the licensor"
                        : "the text does not say plainly what follows";
    t.section = section_of(threshold.clause);
    facts->thresholds.push_back(std::move(t));
  }
  for (const auto& territory : read.territories)
    facts->regions.push_back(
        {territory.excluded, "the licence does not apply there", section_of(territory.clause)});
  if (read.use_restrictions) {
    facts->use_restrictions.present = true;
    facts->use_restrictions.flows_down = read.restrictions_flow_down;
    facts->use_restrictions.detail = "as the text states";
    facts->use_restrictions.section = section_of(read.use_restrictions->clause);
  }
  if (read.outputs_may_not_train_models) {
    Fact ban{"Outputs may not be used to train or improve other models",
             section_of(read.outputs_may_not_train_models->clause)};
    ban.bans_training = true;
    facts->outputs.push_back(std::move(ban));
  }
  for (const auto& duty : read.duties) {
    const std::string at = section_of(duty.clause);
    switch (duty.kind) {
      case DutyKind::kDisplay:
        facts->attribution.push_back(
            {duty.detail.empty() ? "Display the attribution the text requires"
                                 : fmt::format("Display “{}” as the text requires", duty.detail),
             at});
        facts->derivatives.display = duty.detail;
        facts->derivatives.section = at;
        break;
      case DutyKind::kNamePrefix:
        if (!duty.detail.empty()) {
          facts->naming.push_back(
              {fmt::format("Start a derived model's name with “{}”", duty.detail), at});
          facts->derivatives.name_prefix = duty.detail;
        }
        break;
      case DutyKind::kNoticeFile:
        facts->attribution.push_back({"Keep the NOTICE file the text requires", at});
        facts->derivatives.notice_file = true;
        break;
      case DutyKind::kPassOnTerms: break;  // flows_down, above
      case DutyKind::kAttribution:
        facts->attribution.push_back({"Keep the copyright and licence notices", at});
        break;
    }
  }
  if (read.revocable)
    facts->revocation.push_back(
        {"The licensor may revoke or terminate the licence", section_of(read.revocable->clause)});
  if (read.remote_restriction)
    facts->revocation.push_back(
        {"The licensor may restrict use remotely", section_of(read.remote_restriction->clause)});
  if (!read.governing_law.empty())
    facts->governing_law = {read.governing_law, "", section_of(*read.governing_law_clause), ""};
  for (const AddedSpan* span : unread_additions(found, read))
    question(fmt::format("{} adds {} words owl could not read: “{}”", match.path, span->words,
                         one_line(span->text, 100)),
             "added text");
  facts->tier = tier_from(read, !facts->open_questions.empty());
  facts->summary = "terms read from the text";
  return facts;
}

void unknown_version_claim(const DocumentMatch& match, const std::string& version,
                           LicenseClaim& claim);
void modified_text_claim(const DocumentMatch& match, LicenseClaim& claim);

void read_text_claim(const DocumentMatch& match, LicenseClaim& claim) {
  const Identification& found = match.identification;
  const KnowledgeBase& knowledge = detail::knowledge();
  const bool variant = found.verdict == Verdict::kVariantOf && !found.family.empty();
  if (variant) {
    // Only a text whose sole changes are its version words is that version.
    const LicenseFacts* known =
        found.modifications.empty() ? known_version(knowledge, found) : nullptr;
    if (known) {
      claim.id = known->id;
      claim.facts = known;
      claim.written = known->name;
      claim.built_on = found.id;
      claim.evidence.quote = one_line(
          fmt::format("recognised as {} from its version words “{}”; {}", known->name,
                      fmt::join(version_candidates(found.version_words), " "), describe(found)),
          160);
      return;
    }
    const std::string version = version_word(found.version_words);
    if (!version.empty()) {
      unknown_version_claim(match, version, claim);
      return;
    }
  }
  modified_text_claim(match, claim);
}

void unknown_version_claim(const DocumentMatch& match, const std::string& version,
                           LicenseClaim& claim) {
  const Identification& found = match.identification;
  claim.id = fmt::format("LicenseRef-owl-{}-{}", found.family, version);
  claim.written = fmt::format("{} licence, version {} (unknown to owl; nearest known: {})",
                              found.family, version, found.name);
  auto facts = facts_from_text(match, claim.id, claim.written);
  facts->open_questions.insert(
      facts->open_questions.begin(),
      Fact{fmt::format("{} is family {}, version {}, which owl does not know (nearest known: {})",
                       match.path, found.family, version, found.id),
           "version words"});
  facts->tier = std::max(facts->tier, Tier::kSourceAvailableRevocable,
                         [](Tier a, Tier b) { return restrictiveness(a) < restrictiveness(b); });
  claim.read_facts = std::move(facts);
  claim.facts = claim.read_facts.get();
  claim.built_on = found.id;
}

void modified_text_claim(const DocumentMatch& match, LicenseClaim& claim) {
  const Identification& found = match.identification;
  const bool templated = !found.id.empty() && (found.verdict == Verdict::kVariantOf ||
                                               found.verdict == Verdict::kModified ||
                                               found.verdict == Verdict::kNearExact);
  claim.built_on = templated ? found.id : "";
  claim.id = templated ? "LicenseRef-owl-modified-" + found.id : "";
  claim.written = templated ? fmt::format("a licence text built on the {} text", found.name)
                            : "an unrecognised licence text";
  auto facts = facts_from_text(
      match, claim.id,
      templated ? fmt::format("{} (modified; terms read from {})", found.name, match.path)
                : fmt::format("the licence text in {} (terms read from it)", match.path));
  if (!templated) {
    // A text like none owl knows may hold clauses no lexicon foresees: the
    // terms read from it can refuse a use, never clear one alone.
    facts->open_questions.insert(
        facts->open_questions.begin(),
        Fact{fmt::format("{} is not a licence owl knows; the terms owl read from it may miss "
                         "clauses",
                         match.path),
             "whole text"});
    if (facts->tier == Tier::kOpenPermissive) facts->tier = Tier::kProprietaryOrUnknown;
  }
  claim.read_facts = std::move(facts);
  claim.facts = claim.read_facts.get();
}

}  // namespace owl::detail
