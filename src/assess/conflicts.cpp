// Contradictions and gaps in what a release says about its terms, each with
// a severity and the evidence that shows it.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "assess_internal.h"
#include "owl/text.h"

namespace owl::detail {

namespace {

Tier tier_of(const LicenseFacts* facts) {
  return facts ? facts->tier : Tier::kProprietaryOrUnknown;
}

std::string name_of(const std::string& id, const LicenseFacts* facts) {
  return facts ? fmt::format("{} ({})", facts->name, id) : (id.empty() ? "an unknown licence" : id);
}

bool is_label(const LicenseClaim& claim) {
  return claim.origin == ClaimOrigin::kCardMetadata ||
         claim.origin == ClaimOrigin::kWeightsMetadata;
}

bool open_tier(Tier tier) { return tier == Tier::kOpenPermissive || tier == Tier::kOpenCopyleft; }

// A guessed link (prose, a name, an unversioned family word) makes the
// conflict possible, not certain.
Severity lineage_severity(const Ancestor& ancestor) {
  return ancestor.strength == Strength::kWeak ? Severity::kMedium : Severity::kHigh;
}

Evidence ancestor_evidence(const Ancestor& ancestor) {
  Evidence evidence = ancestor.evidence;
  if (!ancestor.license_basis.empty())
    evidence.quote +=
        fmt::format(" [{} is under {}: {}]", ancestor.name,
                    name_of(ancestor.license_id, ancestor.facts), ancestor.license_basis);
  return evidence;
}

// Permissive labels on restrictive bases, and RAIL restrictions not carried.
void lineage_conflicts(const Assessment& assessment, std::vector<Conflict>& out) {
  bool own_restricts_use = false;
  bool has_own_terms = false;
  for (const auto& terms : assessment.effective) {
    if (terms.inherited) continue;
    has_own_terms = true;
    if (terms.facts && terms.facts->use_restrictions.present) own_restricts_use = true;
  }
  std::set<std::string> reported;
  for (const auto& ancestor : assessment.lineage) {
    if (!ancestor.facts || ancestor.owner_relicenses ||
        !reported.insert(ancestor.license_id).second)
      continue;
    const Tier base_tier = ancestor.facts->tier;
    bool labelled = false;
    for (const auto& claim : assessment.claims) {
      if (!is_label(claim) || !claim.facts || !open_tier(claim.facts->tier)) continue;
      if (base_tier != Tier::kSourceAvailableRevocable && base_tier != Tier::kNonCommercial &&
          base_tier != Tier::kProprietaryOrUnknown && base_tier != Tier::kOpenWithUseRestrictions)
        continue;
      labelled = true;
      const bool rail = base_tier == Tier::kOpenWithUseRestrictions;
      out.push_back(
          {rail ? ConflictKind::kUseRestrictionsDropped
                : ConflictKind::kPermissiveLabelOnRestrictiveBase,
           lineage_severity(ancestor),
           fmt::format("labelled {} ({}), but {} from {}, which is under {} ({}): "
                       "{}",
                       claim.written, to_string(claim.facts->tier),
                       ancestor.strength == Strength::kWeak ? "possibly derives" : "derives",
                       ancestor.name, name_of(ancestor.license_id, ancestor.facts),
                       to_string(base_tier),
                       rail ? "its use restrictions must be passed on to every derivative"
                            : "the label cannot grant more than the base allows"),
           {claim.evidence, ancestor_evidence(ancestor)}});
      break;
    }
    if (!labelled && ancestor.facts->use_restrictions.flows_down && !own_restricts_use &&
        has_own_terms)
      out.push_back({ConflictKind::kUseRestrictionsDropped,
                     Severity::kMedium,
                     fmt::format("derives from {} under {}, whose use restrictions ({}) must flow "
                                 "down, but its own terms carry none",
                                 ancestor.name, name_of(ancestor.license_id, ancestor.facts),
                                 ancestor.facts->use_restrictions.section),
                     {ancestor_evidence(ancestor)}});
  }
}

// A Hub family id ("openrail", "bsd", "gpl") names no one text: any member
// of the family it stands for agrees with it.
bool family_label(const LicenseClaim& claim) {
  const HubLicense hub = map_hub_license(claim.written);
  return !hub.hub_id.empty() && hub.family_only;
}

bool equivalent(const LicenseClaim& a, const LicenseClaim& b) {
  if (ascii_lower(a.id) == ascii_lower(b.id)) return true;
  if (a.facts && a.facts == b.facts) return true;
  return (family_label(a) || family_label(b)) && a.facts && b.facts &&
         a.facts->tier == b.facts->tier;
}

Severity disagreement_severity(const LicenseClaim& a, const LicenseClaim& b) {
  if (tier_of(a.facts) != tier_of(b.facts)) return Severity::kHigh;
  if (a.facts && b.facts && a.facts->family == b.facts->family) return Severity::kLow;
  return Severity::kMedium;
}

// The modified licence a LICENSE file holds, when a label names its base
// (Kimi K2's modified MIT labelled "mit").
const DocumentMatch* modified_original(const std::vector<DocumentMatch>& matches,
                                       const LicenseClaim& label) {
  for (const auto& match : matches) {
    const auto& found = match.identification;
    if (found.modified_from.empty() || ascii_lower(found.id) == ascii_lower(label.id)) continue;
    if (ascii_lower(found.modified_from) == ascii_lower(label.id)) return &match;
  }
  return nullptr;
}

// The licence text a label names the template of: a LICENSE built on the
// Apache-2.0 text with terms of its own, labelled "apache-2.0". A text
// recognised as another version of its family is a plain disagreement.
const LicenseClaim* text_built_on(const std::vector<LicenseClaim>& claims,
                                  const LicenseClaim& label) {
  for (const auto& claim : claims)
    if (claim.origin == ClaimOrigin::kLicenseFile && claim.read_facts && !claim.built_on.empty() &&
        ascii_lower(claim.built_on) == ascii_lower(label.id))
      return &claim;
  return nullptr;
}

void declaration_conflicts(const Assessment& assessment, const std::vector<DocumentMatch>& matches,
                           std::vector<Conflict>& out) {
  const auto& claims = assessment.claims;
  std::set<std::pair<int, int>> compared;
  for (size_t i = 0; i < claims.size(); ++i) {
    const auto& label = claims[i];
    if (!is_label(label) || label.id.empty()) continue;
    if (const auto* text = text_built_on(claims, label)) {
      out.push_back(
          {ConflictKind::kModifiedPresentedAsPlain,
           Severity::kHigh,
           fmt::format("labelled {} but its {} is not the {} text: {}; its own terms govern",
                       label.written, text->evidence.source.file, label.id, text->written),
           {label.evidence, text->evidence}});
      continue;
    }
    if (const auto* match = modified_original(matches, label)) {
      out.push_back(
          {ConflictKind::kModifiedPresentedAsPlain,
           Severity::kHigh,
           fmt::format("labelled {} but its {} is a modified {}: {}", label.written, match->path,
                       label.id, describe(match->identification)),
           {label.evidence, evidence_at(Source{match->path, ""},
                                        match->identification.modifications.empty()
                                            ? describe(match->identification)
                                            : match->identification.modifications[0].evidence)}});
      continue;
    }
    for (const auto& other : claims) {
      if (&other == &label || other.id.empty() || other.origin == label.origin) continue;
      const auto key = std::pair{static_cast<int>(label.origin), static_cast<int>(other.origin)};
      if (compared.count(key)) continue;
      // A label agrees with an origin when any claim there names the same licence.
      bool agrees = false;
      for (const auto& peer : claims)
        if (peer.origin == other.origin && !peer.id.empty() && equivalent(label, peer))
          agrees = true;
      if (agrees) continue;
      compared.insert(key);
      out.push_back({ConflictKind::kDeclarationsDisagree,
                     disagreement_severity(label, other),
                     fmt::format("{} says {} but {} says {}", to_string(label.origin),
                                 name_of(label.id, label.facts), to_string(other.origin),
                                 name_of(other.id, other.facts)),
                     {label.evidence, other.evidence}});
    }
  }
}

bool ships_only_a_card(const Release& release) {
  return release.artifacts.empty() && release.files.size() <= 1;
}

void missing_license(const Release& release, const Assessment& assessment,
                     std::vector<Conflict>& out) {
  bool named = false;
  std::vector<Evidence> placeholders;
  for (const auto& claim : assessment.claims) {
    if (claim.placeholder)
      placeholders.push_back(claim.evidence);
    else if (!claim.id.empty() || claim.origin == ClaimOrigin::kLicenseFile ||
             claim.unrecognised_name)
      named = true;
  }
  if (named) return;
  if (!placeholders.empty()) {
    out.push_back({ConflictKind::kPlaceholderLicense, Severity::kHigh,
                   "its licence field is a template placeholder, and nothing else names a licence: "
                   "no rights are granted until one is",
                   placeholders});
    return;
  }
  // A derivative with no licence of its own still has none: its base's terms
  // bind it, but they grant nothing the derivative's author did not give. A
  // fine-tune, adapter or merge (or a base declared without saying how) is
  // new work; a quantised copy is the base's own weights re-encoded, so it
  // is less grave there.
  const Evidence where{Source{release.card_path.empty() ? "(release)" : release.card_path, ""}, ""};
  if (release.card_error) {
    out.push_back({ConflictKind::kNoLicense,
                   Severity::kHigh,
                   "no licence found, but its model card could not be read (" +
                       release.card_error->rule() +
                       "): the card may declare one, so read it before relying on this",
                   {where}});
    return;
  }
  const auto& lineage = assessment.lineage;
  const Ancestor* base = lineage.empty() ? nullptr : &lineage.front();
  if (base && base->facts && base->confidence != Confidence::kLow) {
    const bool new_work = base->relation != BaseRelation::kQuantized;
    out.push_back(
        {ConflictKind::kNoLicense,
         new_work ? Severity::kHigh : Severity::kMedium,
         fmt::format("states no licence of its own; as a {} of {} it is bound by {}, "
                     "but nothing grants rights in what its author added",
                     to_string(base->relation), base->name, name_of(base->license_id, base->facts)),
         {where, base->evidence}});
    return;
  }
  out.push_back({ConflictKind::kNoLicense,
                 Severity::kHigh,
                 "declares no licence in its card, its metadata or a LICENSE file: by default no "
                 "rights are granted",
                 {where}});
}

void license_links(const Release& release, std::vector<Conflict>& out) {
  if (ships_only_a_card(release)) return;
  std::set<std::string> shipped;
  for (const auto& file : release.files) shipped.insert(ascii_lower(file));
  for (const auto& declaration : release.licenses) {
    if (declaration.field != DeclarationField::kLicenseLink) continue;
    std::string target = declaration.value;
    const std::string marker = "/blob/main/";
    const size_t blob = target.find(marker);
    const bool own_repo = blob != std::string::npos && !release.name.empty() &&
                          ascii_lower(target).find(ascii_lower(release.name)) != std::string::npos;
    if (own_repo)
      target = target.substr(blob + marker.size());
    else if (target.find("://") != std::string::npos)
      continue;  // a licence published elsewhere
    while (target.rfind("./", 0) == 0) target.erase(0, 2);
    if (target.empty() || shipped.count(ascii_lower(target))) continue;
    out.push_back(
        {ConflictKind::kLicenseLinkMissing,
         Severity::kMedium,
         fmt::format("license_link points at {}, which the release does not ship", target),
         {evidence_at(declaration.source, declaration.value)}});
  }
}

bool card_says(const Release& release, const std::string& phrase) {
  return ascii_lower(release.card_body).find(ascii_lower(phrase)) != std::string::npos;
}

void required_notices(const Release& release, const Assessment& assessment,
                      std::vector<Conflict>& out) {
  std::set<std::string> checked;
  bool has_notice = false;
  for (const auto& file : release.files)
    if (ascii_lower(file).find("notice") != std::string::npos) has_notice = true;
  // A derivative owes them whether it inherits its base's licence or states
  // that same licence itself ("license: llama3.1" on a Llama 3.1 fine-tune);
  // the family's own releases do not.
  const bool derivative =
      std::any_of(assessment.lineage.begin(), assessment.lineage.end(), [](const Ancestor& a) {
        return a.depth == 1 && a.confidence != Confidence::kLow && !a.owner_relicenses;
      });
  for (const auto& terms : assessment.effective) {
    if (!(terms.inherited || derivative) || !terms.facts || !checked.insert(terms.id).second)
      continue;
    const auto& duties = terms.facts->derivatives;
    const Evidence cited{Source{release.card_path, ""}, ""};
    if (!duties.display.empty() && !release.card_path.empty() &&
        !card_says(release, duties.display))
      out.push_back({ConflictKind::kRequiredNoticeMissing,
                     Severity::kMedium,
                     fmt::format("derives from {} but its card does not display “{}” ({} {})",
                                 terms.facts->name, duties.display, terms.id, duties.section),
                     {cited, terms.evidence}});
    if (!duties.name_prefix.empty() && !release.name.empty()) {
      const std::string name = release.name.substr(release.name.rfind('/') + 1);
      if (ascii_lower(name).rfind(ascii_lower(duties.name_prefix), 0) != 0)
        out.push_back(
            {ConflictKind::kRequiredNoticeMissing,
             Severity::kLow,
             fmt::format("a distributed derivative of {} must have a name beginning "
                         "with “{}”; this one is “{}” ({} {})",
                         terms.facts->name, duties.name_prefix, name, terms.id, duties.section),
             {Evidence{Source{"", "release name"}, release.name}, terms.evidence}});
    }
    if (duties.notice_file && !has_notice && !ships_only_a_card(release))
      out.push_back({ConflictKind::kRequiredNoticeMissing,
                     Severity::kMedium,
                     fmt::format("derives from {}, which requires a Notice file with its "
                                 "attribution line in every copy, but ships no NOTICE ({} {})",
                                 terms.facts->name, terms.id, duties.section),
                     {terms.evidence}});
  }
}

void unsafe_pickles(const Release& release, std::vector<Conflict>& out) {
  for (const auto& artifact : release.artifacts) {
    if (!artifact.safety || *artifact.safety == Safety::kSafe) continue;
    const bool dangerous = *artifact.safety == Safety::kDangerous;
    // A GGUF's safety is its chat template's (the only code a GGUF carries);
    // a tokenizer_config.json or .jinja file is judged on its templates.
    const bool chat_template = artifact.format == ArtifactFormat::kGguf ||
                               artifact.format == ArtifactFormat::kChatTemplate;
    const CodeRiskWords words = code_risk_words(artifact.format);
    out.push_back({chat_template ? ConflictKind::kUnsafeChatTemplate : ConflictKind::kUnsafePickle,
                   dangerous ? Severity::kHigh : Severity::kMedium,
                   chat_template
                       ? fmt::format("{} carries a chat template that {}", artifact.path,
                                     dangerous ? "reaches for Python internals: rendering it "
                                                 "could run code"
                                               : "adds instructions the user does not see")
                       : fmt::format("{} is a {} that {} when loaded", artifact.path, words.noun,
                                     dangerous ? "would run code" : words.suspicious_because),
                   {evidence_at(Source{artifact.path, ""}, artifact.safety_findings.empty()
                                                               ? std::string()
                                                               : artifact.safety_findings[0])}});
  }
}

// A file whose bytes are not the ones the release records (an LFS pointer's
// oid, a hub cache blob's name): whatever it is, it is not what was audited.
void hash_mismatches(const Release& release, std::vector<Conflict>& out) {
  for (const auto& artifact : release.artifacts) {
    if (!artifact.sha256 || !artifact.recorded_sha256 ||
        *artifact.sha256 == *artifact.recorded_sha256)
      continue;
    out.push_back({ConflictKind::kHashMismatch,
                   Severity::kHigh,
                   fmt::format("{} has SHA-256 {} but the release records {}", artifact.path,
                               *artifact.sha256, *artifact.recorded_sha256),
                   {artifact.recorded_sha256_source
                        ? evidence_at(*artifact.recorded_sha256_source, *artifact.recorded_sha256)
                        : evidence_at(Source{artifact.path, ""}, *artifact.recorded_sha256)}});
  }
}

}  // namespace

CodeRiskWords code_risk_words(ArtifactFormat format) {
  switch (format) {
    case ArtifactFormat::kKeras:
    case ArtifactFormat::kKerasH5:
      return {"Keras model", "names custom code or cannot be fully inspected"};
    case ArtifactFormat::kTorchScript:
      return {"TorchScript program", "runs code owl lists but does not judge"};
    case ArtifactFormat::kNemo:
      return {"NeMo archive", "names classes or holds parts owl cannot vouch for"};
    case ArtifactFormat::kExecutorch:
      return {"ExecuTorch program", "needs custom kernels or hands opaque blobs to a backend"};
    default: return {"pickle", "imports unusual callables"};
  }
}

std::vector<Conflict> find_conflicts(const Release& release, const Assessment& assessment,
                                     const std::vector<DocumentMatch>& matches) {
  std::vector<Conflict> out;
  missing_license(release, assessment, out);
  license_links(release, out);
  lineage_conflicts(assessment, out);
  declaration_conflicts(assessment, matches, out);
  required_notices(release, assessment, out);
  unsafe_pickles(release, out);
  hash_mismatches(release, out);
  std::stable_sort(out.begin(), out.end(), [](const Conflict& a, const Conflict& b) {
    return static_cast<int>(a.severity) > static_cast<int>(b.severity);
  });
  return out;
}

}  // namespace owl::detail
