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
  }
  return "?";
}

}  // namespace owl
