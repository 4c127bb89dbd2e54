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
    judging_weak_ = terms.strength == Strength::kWeak;
    if (!terms.facts) {
      unknown(terms);
      return;
    }
    const LicenseFacts& facts = *terms.facts;
    if (!seen_.insert(facts.id + "\n" + facts.file).second) return;
    if (facts.read_from_text) {
      reason(Permission::kAllowed,
             fmt::format("the terms below are read from the text of {}, not from a licence owl "
                         "knows exactly",
                         facts.file),
             cite(facts, "whole text"), ReasonKind::kTermsFromText);
      for (const auto& question : facts.open_questions)
        reason(Permission::kNeedsReview, question.text, cite(facts, question.section),
               ReasonKind::kOpenQuestion);
    }
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
             cite(facts, "whole text"), ReasonKind::kUnverifiedFacts);
  }

  void no_own_licence() {
    judging_weak_ = false;
    reason(Permission::kNeedsReview,
           "the release states no licence of its own: its base's terms bind it, but nothing "
           "grants rights in what its author added",
           {"", "", "its card, metadata and files name no licence"}, ReasonKind::kNoLicence);
  }

  // Hard evidence about the files themselves decides too: no licence makes
  // a file that runs code on load, or is not the file the release records,
  // safe to use.
  void artifacts() {
    judging_weak_ = false;
    for (const auto& artifact : release_.artifacts) {
      const Citation where{"", "", artifact.path};
      if (artifact.sha256 && artifact.recorded_sha256 &&
          *artifact.sha256 != *artifact.recorded_sha256)
        reason(
            Permission::kNotAllowed,
            fmt::format("{} is not the file the release records (SHA-256 differs)", artifact.path),
            where, ReasonKind::kIntegrity);
      if (artifact.safety == Safety::kDangerous)
        reason(Permission::kNotAllowed,
               fmt::format("loading {} would run code{}", artifact.path,
                           artifact.safety_findings.empty()
                               ? ""
                               : ": " + one_line(artifact.safety_findings.front(), 120)),
               where, ReasonKind::kUnsafeCode);
      else if (artifact.safety == Safety::kSuspicious)
        reason(Permission::kNeedsReview,
               artifact.format == ArtifactFormat::kGguf
                   ? fmt::format("{} carries a chat template with text to check before use{}",
                                 artifact.path,
                                 artifact.safety_findings.empty()
                                     ? ""
                                     : ": " + one_line(artifact.safety_findings.front(), 120))
                   : fmt::format("{} is a {} that {}: check it before loading", artifact.path,
                                 detail::code_risk_words(artifact.format).noun,
                                 detail::code_risk_words(artifact.format).suspicious_because),
               where, ReasonKind::kUnsafeCode);
    }
  }

  UseVerdict finish() {
    judging_weak_ = false;
    verdict_.permission = Permission::kAllowed;
    for (const auto& item : verdict_.reasons)
      verdict_.permission = std::max(verdict_.permission, item.effect);
    if (verdict_.permission == Permission::kAllowed && !verdict_.duties.empty())
      verdict_.permission = Permission::kAllowedWithDuties;
    return std::move(verdict_);
  }

 private:
  // Terms that rest on a guess may raise a review, never refuse a use.
  void reason(Permission effect, std::string text, Citation citation, ReasonKind kind) {
    const Strength strength = judging_weak_ ? Strength::kWeak : Strength::kStrong;
    if (judging_weak_ && effect == Permission::kNotAllowed) {
      effect = Permission::kNeedsReview;
      text += " (if these terms apply: they rest on weak evidence)";
    }
    verdict_.reasons.push_back({effect, std::move(text), std::move(citation), kind, strength});
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
             {"", "", terms.evidence.source.describe()}, ReasonKind::kUnknownTerms);
    else
      reason(Permission::kNeedsReview,
             fmt::format("owl has no facts for {} ({})", terms.id, terms.why), {terms.id, "", ""},
             ReasonKind::kUnknownTerms);
  }

  void commercial(const LicenseFacts& facts) {
    const auto& use = facts.commercial_use;
    const Citation where = cite(facts, use.section);
    const auto say = [&](Permission effect, std::string text) {
      reason(effect, std::move(text), where, ReasonKind::kCommercialUse);
    };
    if (use.value == "no") {
      if (profile_.commercial == true)
        say(Permission::kNotAllowed, fmt::format("{} does not allow commercial use{}", facts.name,
                                                 use.detail.empty() ? "" : ": " + use.detail));
      else if (!profile_.commercial)
        duty("Use it only for non-commercial purposes", where);
      else
        say(Permission::kAllowed, "non-commercial use is allowed");
    } else if (use.value == "unknown") {
      if (profile_.commercial != false)
        say(Permission::kNeedsReview,
            fmt::format("{} does not say plainly whether commercial use is allowed", facts.name));
    } else if (use.value == "conditional" && profile_.commercial != false) {
      if (use.gate == "authorisation")
        say(Permission::kNotAllowed,
            fmt::format("commercial use needs the licensor's written authorisation or a separate "
                        "licence first{}",
                        use.detail.empty() ? "" : ": " + use.detail));
      else if (use.gate == "registration") {
        say(Permission::kAllowed, fmt::format("commercial use is allowed after registering with "
                                              "the licensor{}",
                                              use.detail.empty() ? "" : ": " + use.detail));
        duty("Register with the licensor before any commercial use, as the licence requires",
             where);
      } else {
        say(Permission::kAllowed, fmt::format("commercial use: {}", use.detail));
      }
    } else if (use.value == "yes" && profile_.commercial == true) {
      say(Permission::kAllowed, "commercial use is allowed");
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
    const std::string& metric = threshold.metric;
    if (metric == "monthly_active_users") return amount + " monthly active users";
    if (metric == "monthly_revenue_usd") return "$" + amount + " monthly revenue";
    if (metric == "annual_revenue_usd") return "$" + amount + " annual revenue";
    const auto currency = [&](std::string_view prefix) {
      return ascii_upper(std::string_view(metric).substr(prefix.size()));
    };
    if (metric.rfind("annual_revenue_", 0) == 0)
      return fmt::format("{} {} annual revenue", currency("annual_revenue_"), amount);
    if (metric.rfind("monthly_revenue_", 0) == 0)
      return fmt::format("{} {} monthly revenue", currency("monthly_revenue_"), amount);
    if (metric == "daily_active_users") return amount + " daily active users";
    if (metric == "monthly_visits") return amount + " monthly visits";
    if (metric == "devices") return amount + " devices";
    return amount + " " + metric;
  }

  // Whether the profile gives a figure of the threshold's kind that owl
  // cannot compare (a revenue in another currency, users counted per day).
  bool figure_of_other_unit(const Threshold& threshold) const {
    const bool revenue = threshold.metric.rfind("annual_revenue", 0) == 0 ||
                         threshold.metric.rfind("monthly_revenue", 0) == 0;
    if (revenue) return profile_.monthly_revenue_usd || profile_.annual_revenue_usd;
    return profile_.monthly_active_users.has_value();
  }

  void threshold(const LicenseFacts& facts, const Threshold& threshold) {
    const Citation where = cite(facts, threshold.section);
    const auto value = measure(threshold.metric);
    const bool licence = threshold.effect == "needs-licence";
    const auto say = [&](Permission effect, std::string text) {
      reason(effect, std::move(text), where, ReasonKind::kThreshold);
    };
    if (!value) {
      if (threshold.effect != "duty" && figure_of_other_unit(threshold))
        say(Permission::kNeedsReview,
            fmt::format("a threshold of {} ({}) is not measured in the profile's units: check "
                        "whether you are above it",
                        metric_words(threshold), threshold.metric));
      else
        duty(fmt::format("Stay below {} ({}), or else {}", metric_words(threshold),
                         threshold.measured, threshold.consequence),
             where);
      return;
    }
    if (*value <= threshold.value) {
      say(Permission::kAllowed, fmt::format("below the {} threshold", metric_words(threshold)));
      return;
    }
    if (licence)
      say(Permission::kNotAllowed,
          fmt::format("above {}: {}", metric_words(threshold), threshold.consequence));
    else if (threshold.effect == "unclear")
      say(Permission::kNeedsReview,
          fmt::format("above {}: the text does not say plainly what follows",
                      metric_words(threshold)));
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
        const Permission effect = !carve_out.only_multimodal || multimodal()
                                      ? Permission::kNotAllowed
                                      : Permission::kNeedsReview;
        reason(effect,
               fmt::format("{} is excluded: {}{}", place, carve_out.scope,
                           effect == Permission::kNeedsReview
                               ? " (check whether this model is a multimodal one)"
                               : ""),
               where, ReasonKind::kRegion);
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
    const auto* policy = rules.policy.empty() ? nullptr : detail::knowledge().find(rules.policy);
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
      if (fact.bans_training)
        reason(Permission::kNotAllowed, fact.text, cite(facts, fact.section), ReasonKind::kOutputs);
      else
        duty(fact.text, cite(facts, fact.section));
    }
  }

  const Release& release_;
  const DeploymentProfile& profile_;
  UseVerdict verdict_;
  std::set<std::string> seen_;
  bool judging_weak_ = false;
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
         {"", "", ""},
         ReasonKind::kNoLicence});
    return verdict;
  }
  const bool states_own_terms =
      std::any_of(assessment.effective.begin(), assessment.effective.end(),
                  [](const Terms& terms) { return !terms.inherited; });
  if (!states_own_terms) judge.no_own_licence();
  for (const auto& terms : assessment.effective) judge.terms(terms);
  judge.artifacts();
  UseVerdict verdict = judge.finish();
  if (unread_card) {
    verdict.reasons.push_back(*unread_card);
    verdict.permission = std::max(verdict.permission, Permission::kNeedsReview);
  }
  verdict.profile = profile.describe();
  return verdict;
}

}  // namespace owl
