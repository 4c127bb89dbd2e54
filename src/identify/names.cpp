// Stable names for the identification enums (JSON values and test tables key on them).
#include "owl/identify.h"

namespace owl {

const char* to_string(EntryKind kind) {
  switch (kind) {
    case EntryKind::kLicence: return "licence";
    case EntryKind::kPolicy: return "policy";
  }
  return "?";
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kExact: return "exact";
    case Verdict::kNearExact: return "near-exact";
    case Verdict::kVariantOf: return "variant-of";
    case Verdict::kModified: return "modified";
    case Verdict::kSeveral: return "several";
    case Verdict::kPointer: return "pointer";
    case Verdict::kPolicy: return "policy";
    case Verdict::kModelCard: return "model-card";
    case Verdict::kUnknown: return "unknown";
  }
  return "?";
}

const char* to_string(MatchQuality quality) {
  switch (quality) {
    case MatchQuality::kNone: return "none";
    case MatchQuality::kExact: return "exact";
    case MatchQuality::kNearExact: return "near-exact";
    case MatchQuality::kVariant: return "variant";
    case MatchQuality::kModified: return "modified";
  }
  return "?";
}

const char* to_string(RightsChange change) {
  switch (change) {
    case RightsChange::kUseRestrictions: return "use-restrictions";
    case RightsChange::kNonCommercial: return "non-commercial";
    case RightsChange::kRevocable: return "revocable";
    case RightsChange::kDisplayAttribution: return "display-attribution";
    case RightsChange::kUsageThreshold: return "usage-threshold";
    case RightsChange::kAppendedAttachment: return "appended-attachment";
    case RightsChange::kCommercialCondition: return "commercial-condition";
    case RightsChange::kTerritory: return "territory";
    case RightsChange::kOutputUse: return "output-use";
  }
  return "?";
}

}  // namespace owl

namespace owl {

bool known_text(const Identification& identification) {
  const auto close = [](MatchQuality quality) {
    return quality == MatchQuality::kExact || quality == MatchQuality::kNearExact;
  };
  switch (identification.verdict) {
    case Verdict::kExact:
    case Verdict::kNearExact:
    case Verdict::kModelCard: return true;
    case Verdict::kModified:
    case Verdict::kPolicy: return close(identification.quality);
    case Verdict::kSeveral:
    case Verdict::kPointer:
      for (const auto& component : identification.components)
        if (!component.referenced_only && !close(component.quality)) return false;
      return true;
    case Verdict::kVariantOf:
    case Verdict::kUnknown: return false;
  }
  return false;
}

}  // namespace owl

namespace owl {

bool changes_licensor(const Identification& identification, const ReadLicenseTerms& terms) {
  if (!terms.licensor_clause) return false;
  const size_t begin = terms.licensor_clause->offset;
  const size_t end = begin + terms.licensor_clause->quote.size();
  for (const auto& span : identification.added)
    if (span.begin < end && span.end > begin) return true;
  return false;
}

std::optional<ReadLicenseTerms> terms_that_govern(const Identification& identification,
                                                  std::string_view text) {
  if (!known_text(identification)) return read_license_terms(text);
  if (identification.verdict != Verdict::kNearExact) return std::nullopt;
  ReadLicenseTerms terms = read_license_terms(text);
  if (changes_licensor(identification, terms)) return terms;
  return std::nullopt;
}

}  // namespace owl
