// What the CycloneDX and SPDX printers share: which licences a release
// declares and which owl concludes, how a weights file's hash was obtained,
// and the Hub coordinates of a release. Both formats say the same things in
// their own words; deciding them once keeps the two BOMs consistent.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/audit.h"
#include "owl/bom.h"

namespace owl::bom_detail {

// A release name "ORG/NAME" split in two; nullopt for a plain folder name.
struct HubName {
  std::string org;
  std::string name;
};
std::optional<HubName> hub_name(const Release& release);

// pkg:huggingface/ORG/NAME[@revision] for Hub releases, else empty.
std::string package_url(const Release& release);
// https://huggingface.co/ORG/NAME when the release came from a Hub cache.
std::string hub_location(const Release& release);

enum class LicenseIdKind {
  kSpdx,        // a bare SPDX licence id: "Apache-2.0"
  kRef,         // a LicenseRef-...: owl's model licences
  kExpression,  // "MIT OR Apache-2.0"
  kUnresolved,  // only a written name owl could not resolve
};

// One licence the release declares, or one set of terms owl concludes.
struct BomLicense {
  std::string id;       // SPDX id, LicenseRef-..., or expression; empty when unresolved
  std::string written;  // as the release wrote it (declared), or the terms' id (concluded)
  std::string name;     // the knowledge base's full name, when owl has facts
  std::string url;      // the publisher's page for the text, when owl has facts
  LicenseIdKind kind = LicenseIdKind::kUnresolved;
  std::vector<std::string> evidence;  // "README.md line 3"
  std::string why;                    // concluded only: "its LICENSE file", "inherited from ..."
  bool inherited = false;
};

LicenseIdKind classify_license_id(std::string_view id);

// Distinct licences over every claim, first place first; placeholders
// ("other" alone, "[More Information Needed]") are left out.
std::vector<BomLicense> declared_licenses(const Assessment& assessment);
// assessment.effective in order, one per distinct id.
std::vector<BomLicense> concluded_licenses(const Assessment& assessment);
// What an expression can carry: the id, or LicenseRef-owl-declared-<slug>
// for a written name owl could not resolve. Always a valid SPDX expression.
std::string expression_term(const BomLicense& license);
// `text` with every LicenseRef-... in it made a valid SPDX idstring: owl's
// ids may hold characters SPDX forbids ("openrail++"), which become '-'.
// Works on ids, expressions and sentences that quote ids alike.
std::string spdx_safe(std::string_view text);

// What a BOM says when a release has no licence to state (SPDX 3 individual
// licences; CycloneDX has no such value and leaves `licenses` out).
enum class MissingLicense {
  kNone,         // owl looked and found nothing: SPDX NoneLicense
  kNoAssertion,  // something is there but owl cannot say what: NoAssertionLicense
};
// For the declared side: nullopt when the release declares a licence;
// kNoAssertion when it only has placeholders ("[More Information Needed]").
std::optional<MissingLicense> missing_declared(const Assessment& assessment);
// For the concluded side: nullopt when owl concluded terms; kNone when the
// release declares nothing either; kNoAssertion when it names a licence
// owl could not resolve into terms.
std::optional<MissingLicense> missing_concluded(const Assessment& assessment);

// The SHA-256 a BOM can state for a weights file: the one owl computed,
// else the one the release records (an LFS pointer's oid, a hub blob name).
struct FileHash {
  std::string sha256;
  std::string basis;  // "computed by owl", "recorded: model.safetensors.lfs-pointer oid"
  std::optional<std::string> conflicting_record;  // recorded value that differs from computed
};
std::optional<FileHash> file_hash(const Artifact& artifact);

// The base model's terms for an ancestor, when owl knows them.
std::optional<BomLicense> ancestor_license(const Ancestor& ancestor);

// The tier, the conflicts and the openness class, as short sentences in
// fixed order, for formats that carry them as properties or annotations.
struct Finding {
  std::string key;    // "tier", "declared-tier", "conflict", "mof-class", ...
  std::string value;  // "open-permissive", "no-license (high): ..."
};
std::vector<Finding> release_findings(const ReleaseAudit& audit);

// Use restrictions the concluded terms carry (RAIL-style), one sentence each.
std::vector<std::string> use_restrictions(const Assessment& assessment);

// The architecture the weights headers name (GGUF general.architecture,
// config model_type), when the files agree on one.
std::optional<std::string> architecture(const Release& release);

// The releases a BomWriter refers into. Releases are numbered in find
// order, as the name index numbers them, whether or not they come.
class ReleaseSet {
 public:
  ReleaseSet(const ReleaseNameIndex& names, std::function<bool(size_t)> is_missing)
      : names_(names), is_missing_(std::move(is_missing)) {}
  size_t take() { return next_++; }  // the number of the release added now
  void skip() { skipped_.push_back(next_++); }
  // The release of the BOM `name` refers to: in the set, not `self`, and not
  // one that will never come.
  std::optional<size_t> find(std::string_view name, size_t self) const;
  std::string_view name(size_t release) const { return names_.name(release); }
  size_t taken() const { return next_; }
  bool skipped(size_t release) const;

 private:
  const ReleaseNameIndex& names_;
  std::function<bool(size_t)> is_missing_;
  std::vector<size_t> skipped_;  // a few failed Hub ids
  size_t next_ = 0;
};

// Distinct dataset names in first-seen order, numbered from 0.
class DatasetTable {
 public:
  // The dataset's number, and whether this is its first sight.
  std::pair<size_t, bool> see(const std::string& name);
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::map<std::string, size_t> numbers_;
  std::vector<std::string> names_;
};

std::string sha256_hex(std::string_view bytes);
// uuid_from_seed once the seed's SHA-256 (hex) is known.
std::string uuid_from_sha256(std::string_view sha256);
// The bytes fed so far, as lowercase hex: for what is hashed in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // once, at the end

 private:
  void* context_;  // EVP_MD_CTX, kept out of this header
};
// Letters, digits, '.', '-' kept; anything else as '-' (SPDX idstring rules).
std::string id_slug(std::string_view text);
// Percent-encodes what may not appear in a purl or IRI path segment.
std::string percent_encode(std::string_view text);

}  // namespace owl::bom_detail

namespace owl {

std::unique_ptr<BomWriter> make_cyclonedx_writer(std::ostream& out, const ReleaseNameIndex& names,
                                                 const BomOptions& options,
                                                 std::function<bool(size_t)> is_missing);
std::unique_ptr<BomWriter> make_spdx_writer(std::ostream& out, const ReleaseNameIndex& names,
                                            const BomOptions& options,
                                            std::function<bool(size_t)> is_missing);

}  // namespace owl
