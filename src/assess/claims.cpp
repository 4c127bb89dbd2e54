// Where a release states its licence, and which statement governs.
#include <fmt/format.h>

#include <set>

#include "assess_internal.h"
#include "license_names.h"
#include "owl/text.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

bool from_weights(const Source& source) {
  return source.where.find("general.license") != std::string::npos;
}

LicenseClaim declared_claim(const LicenseDeclaration& declaration) {
  LicenseClaim claim;
  claim.origin =
      from_weights(declaration.source) ? ClaimOrigin::kWeightsMetadata : ClaimOrigin::kCardMetadata;
  claim.written = declaration.value;
  claim.placeholder = is_placeholder(declaration.value);
  claim.id = license_id_for(declaration.value);
  claim.facts = facts_for(claim.id);
  claim.unrecognised_name =
      declaration.field == DeclarationField::kLicenseName && claim.id.empty() && !claim.placeholder;
  claim.evidence = evidence_at(
      declaration.source, fmt::format("{}: {}", to_string(declaration.field), declaration.value));
  return claim;
}

// "license: other" is a placeholder only when no license_name says which.
void settle_other(std::vector<LicenseClaim>& claims, const Release& release) {
  bool has_name = false;
  for (const auto& declaration : release.licenses)
    if (declaration.field == DeclarationField::kLicenseName && !is_placeholder(declaration.value))
      has_name = true;
  for (auto& claim : claims)
    if (claim.placeholder && ascii_lower(claim.written) == "other" && has_name)
      claim.placeholder = false;
}

void add_identified(const DocumentMatch& match, std::vector<LicenseClaim>& claims) {
  const Identification& found = match.identification;
  if (match.terms && found.verdict != Verdict::kPolicy && found.verdict != Verdict::kModelCard) {
    // The text governs: not the nearest known licence's facts.
    LicenseClaim claim;
    claim.origin = ClaimOrigin::kLicenseFile;
    claim.evidence = evidence_at(Source{match.path, ""}, describe(found));
    read_text_claim(match, claim);
    claims.push_back(std::move(claim));
    return;
  }
  const auto add = [&](std::string id, std::string written) {
    LicenseClaim claim;
    claim.origin = ClaimOrigin::kLicenseFile;
    claim.id = std::move(id);
    claim.facts = facts_for(claim.id);
    claim.written = std::move(written);
    claim.evidence = evidence_at(Source{match.path, ""}, describe(found));
    claims.push_back(std::move(claim));
  };
  switch (found.verdict) {
    case Verdict::kExact:
    case Verdict::kNearExact:
    case Verdict::kVariantOf:
    case Verdict::kModified: add(found.id, found.name); break;
    case Verdict::kSeveral:
    case Verdict::kPointer:
      for (const auto& component : found.components) add(component.id, component.name);
      break;
    case Verdict::kUnknown: add("", "an unrecognised licence text"); break;
    case Verdict::kPolicy:
    case Verdict::kModelCard: break;
  }
}

int precedence(ClaimOrigin origin) {
  switch (origin) {
    case ClaimOrigin::kLicenseFile: return 0;
    case ClaimOrigin::kCardMetadata: return 1;
    case ClaimOrigin::kWeightsMetadata: return 2;
    case ClaimOrigin::kCardProse: return 3;
  }
  return 4;
}

std::string why(ClaimOrigin origin, const Evidence& evidence) {
  switch (origin) {
    case ClaimOrigin::kLicenseFile: return fmt::format("its {} file", evidence.source.file);
    case ClaimOrigin::kCardMetadata: return "its model card metadata";
    case ClaimOrigin::kWeightsMetadata:
      return fmt::format("the metadata of {}", evidence.source.file);
    case ClaimOrigin::kCardProse: return "its model card text";
  }
  return "";
}

// The Hub reads a card's license_name only under "license: other"; next to
// a real id ("license: mit" with a stale "license_name:
// microsoft-research-license") it is not a statement of terms.
bool card_names_real_id(const Release& release) {
  for (const auto& declaration : release.licenses)
    if (declaration.field == DeclarationField::kLicense && !from_weights(declaration.source) &&
        !is_placeholder(declaration.value) && ascii_lower(declaration.value) != "other" &&
        !license_id_for(declaration.value).empty())
      return true;
  return false;
}

}  // namespace

std::vector<LicenseClaim> collect_claims(const Release& release,
                                         const std::vector<DocumentMatch>& matches,
                                         const CardEvidence& card) {
  std::vector<LicenseClaim> claims;
  const bool name_is_ignored = card_names_real_id(release);
  for (const auto& declaration : release.licenses) {
    if (declaration.field == DeclarationField::kLicenseLink) continue;
    if (declaration.field == DeclarationField::kLicenseName && name_is_ignored &&
        !from_weights(declaration.source))
      continue;
    claims.push_back(declared_claim(declaration));
  }
  settle_other(claims, release);
  for (const auto& match : matches) {
    const bool notice = ascii_lower(match.path).find("notice") != std::string::npos;
    if (!notice) add_identified(match, claims);  // NOTICE lists third parties' terms
  }
  for (const auto& mention : extract_prose_licenses(card.license_statements)) {
    LicenseClaim claim;
    claim.origin = ClaimOrigin::kCardProse;
    claim.written = mention.written;
    claim.id = mention.id;
    claim.facts = facts_for(claim.id);
    claim.evidence = evidence_at(Source{release.card_path, fmt::format("line {}", mention.line)},
                                 mention.sentence);
    claims.push_back(std::move(claim));
  }
  return claims;
}

std::vector<Terms> own_terms(const std::vector<LicenseClaim>& claims) {
  // The strongest origin that names a licence decides; a LICENSE text owl
  // cannot identify still decides (the terms are then unknown), because the
  // text, not a label, is what binds.
  int best = 4;
  for (const auto& claim : claims)
    if (!claim.placeholder &&
        (!claim.id.empty() || claim.origin == ClaimOrigin::kLicenseFile || claim.unrecognised_name))
      best = std::min(best, precedence(claim.origin));
  std::vector<Terms> terms;
  std::set<std::string> seen;
  for (const auto& claim : claims) {
    if (precedence(claim.origin) != best || claim.placeholder) continue;
    if (claim.id.empty() && claim.origin != ClaimOrigin::kLicenseFile && !claim.unrecognised_name)
      continue;
    // A named licence owl does not know keeps its name, without facts.
    const std::string id = claim.unrecognised_name ? claim.written : claim.id;
    if (!seen.insert(id).second) continue;
    Terms own{id,    claim.facts,    why(claim.origin, claim.evidence),
              false, claim.evidence, claim.read_facts};
    terms.push_back(std::move(own));
  }
  return terms;
}

const LicenseFacts* facts_for(const std::string& id) {
  return id.empty() ? nullptr : knowledge().find(id);
}

namespace {
thread_local const KnowledgeBase* current_knowledge = nullptr;
}  // namespace

const KnowledgeBase& knowledge() {
  return current_knowledge ? *current_knowledge : KnowledgeBase::builtin();
}

KnowledgeScope::KnowledgeScope(const KnowledgeBase* knowledge) : previous_(current_knowledge) {
  if (knowledge) current_knowledge = knowledge;
}

KnowledgeScope::~KnowledgeScope() { current_knowledge = previous_; }

Evidence evidence_at(const Source& source, std::string quote) {
  return Evidence{source, one_line(quote, 160)};
}

}  // namespace owl::detail
