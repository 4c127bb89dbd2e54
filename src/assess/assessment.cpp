// assess(): own terms, lineage, effective terms, conflicts, openness and the
// use verdict, in that order (each step reads the ones before).
#include "owl/assessment.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "assess_internal.h"
#include "owl/text.h"

namespace owl {

namespace {

Tier tier_of(const Terms& terms) {
  return terms.facts ? terms.facts->tier : Tier::kProprietaryOrUnknown;
}

// An ancestor's terms bind the release when they flow down: anything more
// than a permissive licence's notice duties.
bool flows_down(const Ancestor& ancestor) {
  if (!ancestor.facts) return false;
  return ancestor.facts->tier != Tier::kOpenPermissive ||
         ancestor.facts->use_restrictions.flows_down;
}

// "Taiwan-LLaMa-v1.0-base" says Llama but not which one. A release that
// states a licence of that same family itself (its card says llama2) knows
// which better than the family's default for a name without a version.
bool unversioned_guess_settled(const Ancestor& ancestor, const std::vector<Terms>& own) {
  if (!ancestor.family || !ancestor.family->version.empty() || !ancestor.facts ||
      ancestor.terms_from_scan)
    return false;
  return std::any_of(own.begin(), own.end(), [&](const Terms& terms) {
    return terms.facts && terms.facts->family == ancestor.facts->family;
  });
}

std::vector<Terms> effective_terms(const std::vector<Terms>& own,
                                   const std::vector<Ancestor>& lineage) {
  std::vector<Terms> effective = own;
  std::set<std::string> seen;
  for (const auto& terms : own) seen.insert(terms.id);
  for (const auto& ancestor : lineage) {
    // With no terms of its own, a derivative is under its base's, whatever
    // they are; with terms of its own, a base its publisher licenses lends
    // none (the owner may relicense its own work).
    if (!ancestor.facts || (!own.empty() && (!flows_down(ancestor) || ancestor.owner_relicenses)) ||
        unversioned_guess_settled(ancestor, own))
      continue;
    if (!seen.insert(ancestor.license_id).second) {
      // The same terms, stated in prose (weak) and inherited through a
      // declared base (strong): the strong evidence is what they rest on.
      for (auto& terms : effective)
        if (terms.id == ancestor.license_id && ancestor.strength == Strength::kStrong)
          terms.strength = Strength::kStrong;
      continue;
    }
    effective.push_back({ancestor.license_id, ancestor.facts,
                         fmt::format("inherited from {} ({}, {})", ancestor.name,
                                     to_string(ancestor.relation), ancestor.license_basis),
                         true, ancestor.evidence, ancestor.read_facts, ancestor.strength});
  }
  return effective;
}

// The Hub organisation of "org/name", or "" for a bare name.
std::string_view organisation(std::string_view name) {
  const size_t slash = name.find('/');
  return slash == std::string_view::npos ? std::string_view() : name.substr(0, slash);
}

void mark_own_bases(const Release& release, std::vector<Ancestor>& lineage) {
  const std::string_view org = organisation(release.name);
  if (org.empty()) return;
  const KnowledgeBase& knowledge = detail::knowledge();
  for (auto& ancestor : lineage) {
    // Only the family's licensor: the same organisation as a base says
    // nothing about the terms that base itself inherited (NousResearch's
    // Hermes models all derive from Meta's Llama).
    ancestor.owner_relicenses =
        ancestor.family && knowledge.licenses_family(org, ancestor.family->family);
  }
}

// A link or its terms that rest on a guess may raise NEEDS LEGAL REVIEW but
// never decide: a base written in prose or read from a name, a low-confidence
// link, or terms taken from a versioned family's default for a name that
// carries no version ("LLaMA" could be any of five licences).
void mark_strength(std::vector<Ancestor>& lineage) {
  const KnowledgeBase& knowledge = detail::knowledge();
  for (auto& ancestor : lineage) {
    if (ancestor.depth > 1) continue;  // a scanned base's own links keep their strength
    const bool guessed_link =
        ancestor.origin != LineageOrigin::kDeclared || ancestor.confidence == Confidence::kLow;
    const bool unversioned_family = !ancestor.terms_from_scan && ancestor.family &&
                                    ancestor.family->version.empty() &&
                                    knowledge.family_has_versions(ancestor.family->family);
    ancestor.strength = guessed_link || unversioned_family ? Strength::kWeak : Strength::kStrong;
  }
}

void declared(Assessment& assessment) {
  std::set<std::string> ids;
  for (const auto& claim : assessment.claims) {
    if (claim.origin != ClaimOrigin::kCardMetadata && claim.origin != ClaimOrigin::kWeightsMetadata)
      continue;
    if (claim.id.empty()) continue;
    if (ids.insert(claim.id).second) assessment.declared.push_back(claim.id);
    const Tier tier = claim.facts ? claim.facts->tier : Tier::kProprietaryOrUnknown;
    if (!assessment.declared_tier ||
        restrictiveness(tier) < restrictiveness(*assessment.declared_tier))
      assessment.declared_tier = tier;
  }
}

}  // namespace

int restrictiveness(Tier tier) { return static_cast<int>(tier); }

const Terms* strictest_terms(const std::vector<Terms>& effective) {
  const auto tier = [](const Terms& terms) {
    return restrictiveness(terms.facts ? terms.facts->tier : Tier::kProprietaryOrUnknown);
  };
  const Terms* strictest = nullptr;
  for (const auto& terms : effective)
    if (!strictest || tier(terms) > tier(*strictest)) strictest = &terms;
  return strictest;
}

Assessment assess(const Release& release, const std::vector<DocumentMatch>& matches,
                  const CardEvidence& card, const AssessOptions& options) {
  const detail::KnowledgeScope scope(options.knowledge);
  Assessment assessment;
  assessment.claims = detail::collect_claims(release, matches, card);
  declared(assessment);
  const auto own = detail::own_terms(assessment.claims);
  assessment.lineage =
      detail::trace_ancestors(release, card.lineage, options.scanned, !own.empty());
  mark_own_bases(release, assessment.lineage);
  mark_strength(assessment.lineage);
  assessment.effective = effective_terms(own, assessment.lineage);
  assessment.effective_tier = Tier::kOpenPermissive;
  if (assessment.effective.empty()) assessment.effective_tier = Tier::kProprietaryOrUnknown;
  for (const auto& terms : assessment.effective)
    assessment.effective_tier =
        std::max(assessment.effective_tier, tier_of(terms),
                 [](Tier a, Tier b) { return restrictiveness(a) < restrictiveness(b); });
  assessment.more_permissive_label =
      assessment.declared_tier &&
      restrictiveness(*assessment.declared_tier) < restrictiveness(assessment.effective_tier);
  assessment.conflicts = detail::find_conflicts(release, assessment, matches);
  assessment.openness = detail::assess_openness(release, card.mentions, assessment);
  assessment.commercial = judge_commercial_use(assessment.effective);
  if (options.profile) {
    assessment.use = judge_use(assessment, release, *options.profile);
    if (options.profile->commercial == true)
      for (const auto& reason : assessment.use->reasons)
        if (reason.effect == Permission::kNotAllowed && reason.kind == ReasonKind::kCommercialUse)
          assessment.conflicts.insert(
              assessment.conflicts.begin(),
              {ConflictKind::kNonCommercialUse,
               Severity::kHigh,
               fmt::format("the profile is commercial, but {}", reason.text),
               {Evidence{Source{"", reason.cite.license_id}, reason.cite.section}}});
  }
  return assessment;
}

const char* to_string(ClaimOrigin origin) {
  static constexpr std::array<const char*, 4> kNames = {"card metadata", "card text",
                                                        "licence file", "weights metadata"};
  return kNames[static_cast<size_t>(origin)];
}

const char* to_string(ConflictKind kind) {
  static constexpr std::array<const char*, 12> kNames = {"permissive-label-on-restrictive-base",
                                                         "use-restrictions-dropped",
                                                         "declarations-disagree",
                                                         "no-license",
                                                         "placeholder-license",
                                                         "license-link-missing",
                                                         "non-commercial-use",
                                                         "required-notice-missing",
                                                         "modified-presented-as-plain",
                                                         "unsafe-pickle",
                                                         "unsafe-chat-template",
                                                         "hash-mismatch"};
  return kNames[static_cast<size_t>(kind)];
}

const char* to_string(Severity severity) {
  static constexpr std::array<const char*, 3> kNames = {"low", "medium", "high"};
  return kNames[static_cast<size_t>(severity)];
}

const char* to_string(Permission permission) {
  static constexpr std::array<const char*, 4> kNames = {"allowed", "allowed-with-duties",
                                                        "needs-review", "not-allowed"};
  return kNames[static_cast<size_t>(permission)];
}

const char* to_string(Strength strength) { return strength == Strength::kWeak ? "weak" : "strong"; }

const char* to_string(ReasonKind kind) {
  static constexpr std::array<const char*, 12> kNames = {
      "commercial-use",  "threshold",     "region",           "use-restrictions",
      "outputs",         "unknown-terms", "unverified-facts", "no-licence",
      "terms-from-text", "open-question", "integrity",        "unsafe-code"};
  return kNames[static_cast<size_t>(kind)];
}

const char* to_string(ReleaseComponent component) {
  static constexpr std::array<const char*, 10> kNames = {"weights",
                                                         "model architecture",
                                                         "inference code",
                                                         "training code",
                                                         "datasets",
                                                         "data card",
                                                         "model card",
                                                         "technical report",
                                                         "evaluation results",
                                                         "intermediate checkpoints"};
  return kNames[static_cast<size_t>(component)];
}

}  // namespace owl
