// What a deployment profile may do under a release's effective terms, with
// every reason and duty citing the licence, version and clause.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "assess_internal.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl {

namespace {

Citation cite(const LicenseFacts& facts, const std::string& section) {
  return {facts.id, facts.name, section};
}

class Judge {
 public:
  Judge(const Release& release, const DeploymentProfile& profile)
      : release_(release), profile_(profile) {}

  void terms(const Terms& terms) {
    if (!terms.facts) {
      unknown(terms);
      return;
    }
    const LicenseFacts& facts = *terms.facts;
    if (!seen_.insert(facts.id).second) return;
    commercial(facts);
    if (profile_.commercial != false)
      for (const auto& threshold : facts.thresholds) this->threshold(facts, threshold);
    for (const auto& region : facts.regions) this->region(facts, region);
    restrictions(facts);
    duties(facts);
    outputs(facts);
    if (!facts.verified)
      reason(Permission::kAllowed,
             fmt::format("owl's facts for {} come from the publisher's summary, not a text it "
                         "checked",
                         facts.name),
             cite(facts, "whole text"));
  }

  UseVerdict finish() {
    verdict_.permission = Permission::kAllowed;
    for (const auto& item : verdict_.reasons)
      verdict_.permission = std::max(verdict_.permission, item.effect);
    if (verdict_.permission == Permission::kAllowed && !verdict_.duties.empty())
      verdict_.permission = Permission::kAllowedWithDuties;
    return std::move(verdict_);
  }

 private:
  void reason(Permission effect, std::string text, Citation citation) {
    verdict_.reasons.push_back({effect, std::move(text), std::move(citation)});
  }
  void duty(std::string action, Citation citation) {
    for (const auto& existing : verdict_.duties)
      if (existing.action == action) return;
    verdict_.duties.push_back({std::move(action), std::move(citation)});
  }

  void unknown(const Terms& terms) {
    if (terms.id.empty())
      reason(Permission::kNeedsReview,
             fmt::format("the terms in {} are not a licence owl recognises: read them before use",
                         terms.evidence.source.describe()),
             {"", "", terms.evidence.source.describe()});
    else
      reason(Permission::kNeedsReview,
             fmt::format("owl has no facts for {} ({})", terms.id, terms.why), {terms.id, "", ""});
  }

  void commercial(const LicenseFacts& facts) {
    const auto& use = facts.commercial_use;
    const Citation where = cite(facts, use.section);
    if (use.value == "no") {
      if (profile_.commercial == true)
        reason(Permission::kNotAllowed,
               fmt::format("{} does not allow commercial use{}", facts.name,
                           use.detail.empty() ? "" : ": " + use.detail),
               where);
      else if (!profile_.commercial)
        duty("Use it only for non-commercial purposes", where);
      else
        reason(Permission::kAllowed, "non-commercial use is allowed", where);
    } else if (use.value == "conditional" && profile_.commercial != false) {
      reason(Permission::kAllowed, fmt::format("commercial use: {}", use.detail), where);
    } else if (use.value == "yes" && profile_.commercial == true) {
      reason(Permission::kAllowed, "commercial use is allowed", where);
    }
  }

  std::optional<double> measure(const std::string& metric) const {
    if (metric == "monthly_active_users" && profile_.monthly_active_users)
      return static_cast<double>(*profile_.monthly_active_users);
    if (metric == "monthly_revenue_usd") return profile_.monthly_revenue_usd;
    if (metric == "annual_revenue_usd") return profile_.annual_revenue_usd;
    return std::nullopt;
  }

  // "700M", "20M", "1M": thresholds are round numbers, so no "700.0M".
  static std::string round_amount(double value) {
    for (auto [scale, suffix] : {std::pair{1e9, "B"}, std::pair{1e6, "M"}, std::pair{1e3, "K"}})
      if (value >= scale && static_cast<uint64_t>(value) % static_cast<uint64_t>(scale) == 0)
        return fmt::format("{}{}", static_cast<uint64_t>(value / scale), suffix);
    return human_count(static_cast<uint64_t>(value));
  }

  static std::string metric_words(const Threshold& threshold) {
    const std::string amount = round_amount(threshold.value);
    if (threshold.metric == "monthly_active_users") return amount + " monthly active users";
    if (threshold.metric == "monthly_revenue_usd") return "$" + amount + " monthly revenue";
    return "$" + amount + " annual revenue";
  }

  void threshold(const LicenseFacts& facts, const Threshold& threshold) {
    const Citation where = cite(facts, threshold.section);
    const auto value = measure(threshold.metric);
    const bool licence = threshold.effect == "needs-licence";
    if (!value) {
      duty(fmt::format("Stay below {} ({}), or else {}", metric_words(threshold),
                       threshold.measured, threshold.consequence),
           where);
      return;
    }
    if (*value <= threshold.value) {
      reason(Permission::kAllowed, fmt::format("below the {} threshold", metric_words(threshold)),
             where);
      return;
    }
    if (licence)
      reason(Permission::kNotAllowed,
             fmt::format("above {}: {}", metric_words(threshold), threshold.consequence), where);
    else
      duty(fmt::format("Above {} you must {}", metric_words(threshold), threshold.consequence),
           where);
  }

  bool multimodal() const {
    const std::string name = ascii_lower(release_.name);
    if (name.find("vision") != std::string::npos) return true;
    for (const auto& artifact : release_.artifacts)
      if (artifact.architecture && ascii_lower(*artifact.architecture).find("mllama") == 0)
        return true;
    return false;
  }

  void region(const LicenseFacts& facts, const RegionalCarveOut& carve_out) {
    const Citation where = cite(facts, carve_out.section);
    for (const auto& place : profile_.regions)
      for (const auto& excluded : carve_out.excluded) {
        if (!region_within(place, excluded)) continue;
        const bool only_multimodal = carve_out.scope.find("multimodal") != std::string::npos;
        const Permission effect =
            !only_multimodal || multimodal() ? Permission::kNotAllowed : Permission::kNeedsReview;
        reason(effect,
               fmt::format("{} is excluded: {}{}", place, carve_out.scope,
                           effect == Permission::kNeedsReview
                               ? " (check whether this model is a multimodal one)"
                               : ""),
               where);
        return;
      }
  }

  bool shares() const {
    return profile_.redistribute_weights != false || profile_.serve_api == true;
  }

  void restrictions(const LicenseFacts& facts) {
    const auto& rules = facts.use_restrictions;
    if (!rules.present) return;
    const Citation where = cite(facts, rules.section);
    const auto* policy =
        rules.policy.empty() ? nullptr : KnowledgeBase::builtin().find(rules.policy);
    if (policy)
      duty(fmt::format("Keep to the {}", policy->name), where);
    else
      duty(fmt::format("Keep to the use restrictions of {}{}", facts.name,
                       rules.detail.empty() ? "" : " (" + rules.detail + ")"),
           where);
    if (rules.flows_down && (shares() || profile_.fine_tune == true))
      duty(
          "Make the same use restrictions binding on everyone you pass the model, a derivative "
          "or its service on to",
          where);
  }

  void duties(const LicenseFacts& facts) {
    if (shares())
      for (const auto& fact : facts.attribution) duty(fact.text, cite(facts, fact.section));
    if (profile_.fine_tune != false && profile_.redistribute_weights != false)
      for (const auto& fact : facts.naming) duty(fact.text, cite(facts, fact.section));
    const auto& copyleft = facts.copyleft;
    if ((copyleft.value == "strong" || copyleft.value == "weak") &&
        profile_.redistribute_weights != false)
      duty("Release your changes under the same licence when you distribute them",
           cite(facts, copyleft.section));
    if (copyleft.value == "network" && (profile_.serve_api == true || shares()))
      duty("Offer the source of your changes to users who reach the model over a network",
           cite(facts, copyleft.section));
  }

  void outputs(const LicenseFacts& facts) {
    if (profile_.train_on_outputs != true) return;
    for (const auto& fact : facts.outputs) {
      const std::string lower = ascii_lower(fact.text);
      const bool forbids = lower.find("may not") != std::string::npos ||
                           lower.find("forbid") != std::string::npos ||
                           lower.find("prohibit") != std::string::npos;
      if (forbids && lower.find("is gone") == std::string::npos)
        reason(Permission::kNotAllowed, fact.text, cite(facts, fact.section));
      else
        duty(fact.text, cite(facts, fact.section));
    }
  }

  const Release& release_;
  const DeploymentProfile& profile_;
  UseVerdict verdict_;
  std::set<std::string> seen_;
};

}  // namespace

UseVerdict judge_use(const Assessment& assessment, const Release& release,
                     const DeploymentProfile& profile) {
  Judge judge(release, profile);
  // A card owl could not read may grant, restrict or gate anything: the
  // verdict cannot be better than a review, and "grants no licence" would be
  // a guess.
  const std::optional<Reason> unread_card =
      release.card_error
          ? std::optional<Reason>(Reason{
                Permission::kNeedsReview,
                fmt::format("the model card {} could not be read ({}): the licence and terms it "
                            "states are unknown",
                            release.card_path, release.card_error->rule()),
                {"", "", ""}})
          : std::nullopt;
  if (assessment.effective.empty() && unread_card) {
    UseVerdict verdict;
    verdict.profile = profile.describe();
    verdict.permission = Permission::kNeedsReview;
    verdict.reasons.push_back(*unread_card);
    return verdict;
  }
  if (assessment.effective.empty()) {
    UseVerdict verdict;
    verdict.profile = profile.describe();
    verdict.permission = Permission::kNotAllowed;
    verdict.reasons.push_back(
        {Permission::kNotAllowed,
         "the release grants no licence: without one, copyright law reserves every right",
         {"", "", ""}});
    return verdict;
  }
  for (const auto& terms : assessment.effective) judge.terms(terms);
  UseVerdict verdict = judge.finish();
  if (unread_card) {
    verdict.reasons.push_back(*unread_card);
    verdict.permission = std::max(verdict.permission, Permission::kNeedsReview);
  }
  verdict.profile = profile.describe();
  return verdict;
}

}  // namespace owl
