#include "bom_common.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <set>

#include "owl/bom.h"
#include "owl/knowledge.h"
#include "owl/text.h"

namespace owl::bom_detail {

namespace {

bool is_idstring_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

void add_facts(BomLicense& license) {
  if (license.id.empty()) return;
  if (const LicenseFacts* facts = KnowledgeBase::builtin().find(license.id)) {
    license.name = facts->name;
    license.url = facts->source.url;
  }
}

}  // namespace

std::optional<HubName> hub_name(const Release& release) {
  const auto slash = release.name.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == release.name.size() ||
      release.name.find('/', slash + 1) != std::string::npos)
    return std::nullopt;
  return HubName{release.name.substr(0, slash), release.name.substr(slash + 1)};
}

std::string package_url(const Release& release) {
  const auto hub = hub_name(release);
  if (!hub) return "";
  std::string purl =
      "pkg:huggingface/" + percent_encode(hub->org) + "/" + percent_encode(hub->name);
  if (release.revision) {
    std::string revision = *release.revision;
    // The purl spec for huggingface: the commit hash, lowercased.
    std::transform(revision.begin(), revision.end(), revision.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    purl += "@" + percent_encode(revision);
  }
  return purl;
}

std::string hub_location(const Release& release) {
  const auto hub = hub_name(release);
  if (!hub || release.layout != ReleaseLayout::kHubCacheSnapshot) return "";
  return "https://huggingface.co/" + percent_encode(hub->org) + "/" + percent_encode(hub->name);
}

LicenseIdKind classify_license_id(std::string_view id) {
  if (id.empty()) return LicenseIdKind::kUnresolved;
  if (id.find(' ') != std::string_view::npos || id.find('(') != std::string_view::npos)
    return LicenseIdKind::kExpression;
  if (id.rfind("LicenseRef-", 0) == 0) return LicenseIdKind::kRef;
  return LicenseIdKind::kSpdx;
}

std::vector<BomLicense> declared_licenses(const Assessment& assessment) {
  std::vector<BomLicense> out;
  for (const auto& claim : assessment.claims) {
    if (claim.placeholder || (claim.id.empty() && claim.written.empty())) continue;
    const std::string evidence = claim.evidence.source.describe();
    auto same = std::find_if(out.begin(), out.end(), [&](const BomLicense& seen) {
      return claim.id.empty() ? seen.id.empty() && seen.written == claim.written
                              : seen.id == claim.id;
    });
    if (same != out.end()) {
      if (std::find(same->evidence.begin(), same->evidence.end(), evidence) == same->evidence.end())
        same->evidence.push_back(evidence);
      continue;
    }
    BomLicense license;
    license.id = claim.id;
    license.written = claim.written;
    license.kind = classify_license_id(claim.id);
    license.evidence.push_back(evidence);
    add_facts(license);
    out.push_back(std::move(license));
  }
  return out;
}

std::vector<BomLicense> concluded_licenses(const Assessment& assessment) {
  std::vector<BomLicense> out;
  for (const auto& terms : assessment.effective) {
    if (terms.id.empty()) continue;
    if (std::any_of(out.begin(), out.end(),
                    [&](const BomLicense& seen) { return seen.id == terms.id; }))
      continue;
    BomLicense license;
    license.id = terms.id;
    license.written = terms.id;
    license.kind = classify_license_id(terms.id);
    license.why = terms.why;
    license.inherited = terms.inherited;
    if (!terms.evidence.source.file.empty())
      license.evidence.push_back(terms.evidence.source.describe());
    add_facts(license);
    out.push_back(std::move(license));
  }
  return out;
}

std::string expression_term(const BomLicense& license) {
  if (license.kind == LicenseIdKind::kExpression) return "(" + spdx_safe(license.id) + ")";
  if (!license.id.empty()) return spdx_safe(license.id);
  return "LicenseRef-owl-declared-" + id_slug(license.written);
}

std::string spdx_safe(std::string_view text) {
  static constexpr std::string_view kPrefix = "LicenseRef-";
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t ref = text.find(kPrefix, at);
    if (ref == std::string_view::npos) break;
    out.append(text.substr(at, ref + kPrefix.size() - at));
    at = ref + kPrefix.size();
    // The id runs over what an owl id can hold; prose punctuation ends it.
    for (; at < text.size(); ++at) {
      const char c = text[at];
      if (is_idstring_char(c))
        out.push_back(c);
      else if (c == '+' || c == '_')
        out.push_back('-');
      else
        break;
    }
  }
  out.append(text.substr(at));
  return out;
}

std::optional<MissingLicense> missing_declared(const Assessment& assessment) {
  if (!declared_licenses(assessment).empty()) return std::nullopt;
  const bool placeholder_only =
      std::any_of(assessment.claims.begin(), assessment.claims.end(),
                  [](const LicenseClaim& claim) { return claim.placeholder; });
  return placeholder_only ? MissingLicense::kNoAssertion : MissingLicense::kNone;
}

std::optional<MissingLicense> missing_concluded(const Assessment& assessment) {
  if (!concluded_licenses(assessment).empty()) return std::nullopt;
  return declared_licenses(assessment).empty() ? MissingLicense::kNone
                                               : MissingLicense::kNoAssertion;
}

std::optional<FileHash> file_hash(const Artifact& artifact) {
  if (artifact.sha256) {
    FileHash hash{*artifact.sha256, "computed by owl", std::nullopt};
    if (artifact.recorded_sha256 && *artifact.recorded_sha256 != *artifact.sha256)
      hash.conflicting_record = *artifact.recorded_sha256;
    return hash;
  }
  if (!artifact.recorded_sha256) return std::nullopt;
  std::string basis = "recorded";
  if (artifact.recorded_sha256_source) basis += ": " + artifact.recorded_sha256_source->describe();
  return FileHash{*artifact.recorded_sha256, basis, std::nullopt};
}

std::optional<BomLicense> ancestor_license(const Ancestor& ancestor) {
  if (ancestor.license_id.empty()) return std::nullopt;
  BomLicense license;
  license.id = ancestor.license_id;
  license.written = ancestor.license_id;
  license.kind = classify_license_id(ancestor.license_id);
  license.why = ancestor.license_basis;
  add_facts(license);
  return license;
}

std::vector<Finding> release_findings(const ReleaseAudit& audit) {
  const Assessment& assessment = audit.assessment;
  std::vector<Finding> out;
  out.push_back({"tier", std::string(to_string(assessment.effective_tier))});
  if (assessment.declared_tier)
    out.push_back({"declared-tier", std::string(to_string(*assessment.declared_tier))});
  if (assessment.more_permissive_label)
    out.push_back({"more-permissive-label",
                   "the declared licence is more permissive than the terms that apply"});
  for (const auto& conflict : assessment.conflicts)
    out.push_back(
        {"conflict", spdx_safe(fmt::format("{} ({}): {}", to_string(conflict.kind),
                                           to_string(conflict.severity), conflict.message))});
  if (assessment.openness.mof_class > 0)
    out.push_back({"mof-class", std::to_string(assessment.openness.mof_class)});
  if (!assessment.openness.osaid.empty())
    out.push_back({"osaid", assessment.openness.osaid_met ? "met" : "not met"});
  for (const auto& gate : audit.release.gating) out.push_back({"gating", gate});
  if (const auto parameters = audit.release.parameter_count())
    out.push_back({"parameter-count", std::to_string(*parameters)});
  return out;
}

std::vector<std::string> use_restrictions(const Assessment& assessment) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& terms : assessment.effective) {
    if (!terms.facts || !terms.facts->use_restrictions.present || !seen.insert(terms.id).second)
      continue;
    const UseRestrictions& restrictions = terms.facts->use_restrictions;
    std::string sentence = fmt::format("Use restrictions of {} apply", spdx_safe(terms.id));
    if (!restrictions.policy.empty()) sentence += fmt::format(" (policy {})", restrictions.policy);
    if (!restrictions.detail.empty()) sentence += ": " + restrictions.detail;
    if (!restrictions.section.empty()) sentence += fmt::format(" [{}]", restrictions.section);
    out.push_back(std::move(sentence));
  }
  return out;
}

std::optional<std::string> architecture(const Release& release) {
  std::set<std::string> named;
  for (const auto& artifact : release.artifacts)
    if (artifact.architecture && !artifact.architecture->empty())
      named.insert(*artifact.architecture);
  if (named.size() != 1) return std::nullopt;
  return *named.begin();
}

std::optional<size_t> ReleaseSet::find(std::string_view name, size_t self) const {
  const auto found = names_.find(name, self);
  if (!found || skipped(*found) || (is_missing_ && is_missing_(*found))) return std::nullopt;
  return found;
}

bool ReleaseSet::skipped(size_t release) const {
  return std::find(skipped_.begin(), skipped_.end(), release) != skipped_.end();
}

std::pair<size_t, bool> DatasetTable::see(const std::string& name) {
  const auto [at, added] = numbers_.emplace(name, names_.size());
  if (added) names_.push_back(name);
  return {at->second, added};
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    return std::string(64, '0');  // cannot happen with a built-in digest; stays well-formed
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest.data(), &length) != 1)
    return std::string(64, '0');  // cannot happen with a built-in digest; stays well-formed
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string id_slug(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(is_idstring_char(c) ? c : '-');
  return out.empty() ? std::string("unnamed") : out;
}

std::string percent_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_idstring_char(c) || c == '_' || c == '~')
      out.push_back(c);
    else
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace owl::bom_detail

namespace owl {

std::string uuid_from_seed(std::string_view seed) {
  return bom_detail::uuid_from_sha256(bom_detail::sha256_hex(seed));
}

std::string bom_detail::uuid_from_sha256(std::string_view sha256) {
  std::string hex(sha256.substr(0, 32));
  hex[12] = '5';  // version nibble
  static constexpr char kVariant[] = "89ab";
  hex[16] = kVariant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

std::string utc_timestamp(int64_t seconds_since_epoch) {
  const auto seconds = static_cast<std::time_t>(seconds_since_epoch);
  std::tm parts{};
  if (gmtime_r(&seconds, &parts) == nullptr) return "1970-01-01T00:00:00Z";
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

}  // namespace owl
