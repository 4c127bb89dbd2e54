// The verdict on one release: which terms really govern it, where they come
// from, what they let a given deployment do, how open the release is, and
// what in it contradicts itself.
//
// assess() reads only what earlier stages gathered (the Release, the licence
// identifications, the prose lineage) plus the knowledge base; it never
// touches bytes. Every conclusion carries Evidence (file, line or key, and
// the quoted words) so a report can show why. Thread-safe: pure functions.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/identify.h"
#include "owl/knowledge.h"
#include "owl/lineage.h"
#include "owl/profile.h"
#include "owl/release.h"

namespace owl {

struct Evidence {
  Source source;      // "README.md" + "line 3", "model.gguf" + "key general.license"
  std::string quote;  // the words that say it, verbatim, on one line (may be empty)
  bool operator==(const Evidence&) const = default;
};

// One place where the release states its licence.
enum class ClaimOrigin {
  kCardMetadata,    // README YAML license / license_name / license_link
  kCardProse,       // "License: gemma" in the card's body
  kLicenseFile,     // LICENSE / NOTICE / use-policy text, as identified
  kWeightsMetadata  // GGUF general.license*
};
const char* to_string(ClaimOrigin origin);

struct LicenseClaim {
  ClaimOrigin origin = ClaimOrigin::kCardMetadata;
  std::string written;  // as the release writes it: "apache-2.0", "Llama 3.1 Community License"
  std::string id;       // owl/SPDX id it resolves to; empty when owl cannot tell
  const LicenseFacts* facts = nullptr;  // knowledge-base entry for `id`, or `read_facts`
  bool placeholder = false;             // "[More Information Needed]", "other" with nothing else
  bool unrecognised_name = false;       // license_name names a licence owl has no id for
  Evidence evidence;
  // A licence text owl does not know exactly: the terms read from it (facts
  // points here), and the known licence whose text it was built on, if any.
  std::shared_ptr<const LicenseFacts> read_facts = nullptr;
  std::string built_on = {};
};

// Whether evidence may decide a verdict. Strong: a licence text, the card's
// YAML, GGUF metadata, an adapter or merge config, a hash, a pickle's
// opcodes. Weak: a guess (a base written in prose or read from a name, a
// licence taken from an unversioned family word, a licence sentence in the
// card's prose): it may raise NEEDS LEGAL REVIEW, never decide NOT ALLOWED.
enum class Strength { kStrong, kWeak };
const char* to_string(Strength strength);  // "strong", "weak"

// Where a lineage link comes from.
enum class LineageOrigin {
  kDeclared,     // card base_model, GGUF general.base_model.*, adapter or merge config
  kCardProse,    // "a fine-tuned version of ...", "基于 ..."
  kReleaseName,  // a quantised copy's name, a versioned family in the name
};

struct Ancestor {
  std::string name;  // as declared or written
  BaseRelation relation = BaseRelation::kDerived;
  // Where, for display: "card base_model", "card prose", "GGUF
  // general.base_model.0.name". Judged only through `origin`, never read.
  std::string via;
  Confidence confidence = Confidence::kMedium;
  std::optional<ModelFamily> family;
  // The terms the ancestor is under: from the scanned release of that name
  // when there is one, else from the family's published licence.
  std::string license_id;
  const LicenseFacts* facts = nullptr;
  std::string license_basis;  // "scanned release meta-llama/Llama-3.1-8B", "Llama 3.1 family"
  int depth = 1;              // 1: the direct base; 2: its base; ...
  Evidence evidence;
  // The release's publisher is this base's family's licensor (families.yaml,
  // `licensors:`): the owner may relicense its own work, so the release's
  // own licence governs.
  bool owner_relicenses = false;
  std::shared_ptr<const LicenseFacts> read_facts = nullptr;  // owns `facts` when read from a text
  LineageOrigin origin = LineageOrigin::kDeclared;
  bool terms_from_scan = false;  // `facts` are a scanned release's, not its family's rule
  // Weak when the link or its terms are a guess: not declared, low
  // confidence, or an unversioned family word standing for a versioned family.
  Strength strength = Strength::kStrong;
  bool operator==(const Ancestor&) const = default;
};

// One set of terms that applies to the release.
struct Terms {
  std::string id;
  const LicenseFacts* facts = nullptr;  // null: owl has no facts for `id`
  std::string why;  // "its LICENSE file", "inherited from base meta-llama/Llama-3.1-8B"
  bool inherited = false;
  Evidence evidence;
  std::shared_ptr<const LicenseFacts> read_facts = nullptr;  // owns `facts` when read from a text
  Strength strength = Strength::kStrong;  // weak: inherited through a guessed link, or card prose
};

enum class ConflictKind {
  kPermissiveLabelOnRestrictiveBase,  // apache-2.0 on a Llama fine-tune
  kUseRestrictionsDropped,            // a RAIL base's use restrictions not carried on
  kDeclarationsDisagree,              // card YAML vs card prose vs LICENSE vs GGUF
  kNoLicense,
  kPlaceholderLicense,        // "[More Information Needed]", bare "other"
  kLicenseLinkMissing,        // license_link names a file the release does not ship
  kNonCommercialUse,          // NC/research-only terms in a commercial profile
  kRequiredNoticeMissing,     // "Built with Llama", NOTICE file, name prefix
  kModifiedPresentedAsPlain,  // Kimi's modified MIT labelled "mit"
  kUnsafePickle,
  kUnsafeChatTemplate,  // a chat template that reaches for code, or hides instructions
  kHashMismatch,        // a file's SHA-256 differs from the one the release records
};
const char* to_string(ConflictKind kind);  // "permissive-label-on-restrictive-base", ...

enum class Severity { kLow, kMedium, kHigh };
const char* to_string(Severity severity);

struct Conflict {
  ConflictKind kind = ConflictKind::kNoLicense;
  Severity severity = Severity::kMedium;
  std::string message;  // one sentence for people
  std::vector<Evidence> evidence;
};

// --- What a deployment may do -------------------------------------------------

enum class Permission { kAllowed, kAllowedWithDuties, kNeedsReview, kNotAllowed };
const char* to_string(Permission permission);  // "allowed", "allowed-with-duties", ...

// Where a reason or duty comes from: licence id, version and clause.
struct Citation {
  std::string license_id;
  std::string license_name;
  std::string section;
};

// What a reason is about, so later stages act on it without reading its words.
enum class ReasonKind {
  kCommercialUse,
  kThreshold,
  kRegion,
  kUseRestrictions,
  kOutputs,
  kUnknownTerms,     // a licence owl has no facts for
  kUnverifiedFacts,  // facts from a publisher's summary, not a text owl checked
  kNoLicence,
  kTermsFromText,  // terms read from a text owl does not know exactly
  kOpenQuestion,   // a question that text leaves open (commercial use, an unread addition)
  kIntegrity,      // a file is not the one the release records
  kUnsafeCode,     // a file runs code when loaded
};
const char* to_string(ReasonKind kind);

struct Reason {
  Permission effect = Permission::kAllowed;  // what this reason alone would mean
  std::string text;
  Citation cite;
  ReasonKind kind = ReasonKind::kCommercialUse;
  Strength strength = Strength::kStrong;  // weak reasons never decide NOT ALLOWED
};

struct Duty {
  std::string action;  // imperative: "Display “Built with Llama” on ..."
  Citation cite;
};

struct UseVerdict {
  std::string profile;                               // the profile judged, described
  Permission permission = Permission::kNeedsReview;  // the worst of the reasons
  std::vector<Reason> reasons;
  std::vector<Duty> duties;
};

// --- Openness -------------------------------------------------------------------

enum class ReleaseComponent {
  kWeights,
  kModelArchitecture,  // config.json / modelling code
  kInferenceCode,
  kTrainingCode,
  kDatasets,  // training data shipped or linked as datasets
  kDataCard,  // datasets declared or described
  kModelCard,
  kTechnicalReport,  // paper or report linked or shipped
  kEvaluationResults,
  kIntermediateCheckpoints,
};
const char* to_string(ReleaseComponent component);

struct ComponentPresence {
  ReleaseComponent component = ReleaseComponent::kWeights;
  bool present = false;
  std::string how;  // "ships model.safetensors", "card links arxiv.org/abs/2307.09288"
  std::vector<Evidence> evidence;
};

struct Openness {
  std::vector<ComponentPresence> components;  // one per ReleaseComponent, in enum order
  // Model Openness Framework class met: 0 none, 3 Open Model, 2 Open
  // Tooling, 1 Open Science (1 is the most open).
  int mof_class = 0;
  std::vector<std::string> mof_missing;  // what keeps it from the next class up
  // OSI Open Source AI Definition 1.0: data information, code, parameters,
  // and terms that grant the four freedoms.
  struct OsaidItem {
    std::string requirement;
    bool met = false;
    std::string why;
  };
  std::vector<OsaidItem> osaid;
  bool osaid_met = false;
};

// --- Commercial use, without a profile -------------------------------------------

// The plain answer to "may I use this commercially?" read from the effective
// terms' facts alone: no when any of them forbids it; unclear when any has
// no facts in owl (or there are no terms); with conditions when any sets a
// condition (a user threshold) or use restrictions; yes otherwise. Policy
// documents (commercial use "not-applicable") do not decide it.
enum class CommercialUse { kYes, kWithConditions, kNo, kUnclear };
const char* to_string(CommercialUse answer);  // "yes", "with conditions", "no", "unclear"

struct CommercialVerdict {
  CommercialUse answer = CommercialUse::kUnclear;
  std::string reason;  // the terms that decide it, in words, with their clause
};
CommercialVerdict judge_commercial_use(const std::vector<Terms>& effective);

// --- The assessment -------------------------------------------------------------

struct Assessment {
  std::vector<LicenseClaim> claims;   // every place the release states its licence
  std::vector<std::string> declared;  // distinct ids the card/metadata declare (Hub ids resolved)
  std::optional<Tier> declared_tier;  // the most permissive tier the labels present
  std::vector<Ancestor> lineage;      // nearest first
  std::vector<Terms> effective;       // own terms then inherited ones that flow down
  Tier effective_tier = Tier::kProprietaryOrUnknown;  // the most restrictive of `effective`
  bool more_permissive_label = false;  // declared_tier is more permissive than effective_tier
  Openness openness;
  std::vector<Conflict> conflicts;  // most severe first
  std::optional<UseVerdict> use;    // when a deployment profile was given
  CommercialVerdict commercial;     // without a profile: may it be used commercially?
};

// The reason that decides a use verdict: the first whose effect is the
// verdict's permission; null when there is none.
const Reason* deciding_reason(const UseVerdict& use);

// What people write for a licence ("Llama 3.1 Community License",
// "apache-2.0", "llama3.1", "gemma") as an owl/SPDX id; empty when owl
// cannot tell. The resolution claims use, so `owl explain` accepts every
// name a scan prints.
std::string license_id_for_name(std::string_view written);

// Other releases in the same scan, by name, so a chain of bases resolves to
// what was actually scanned (nullptr: not in the set).
using ScannedReleaseLookup = std::function<const Assessment*(std::string_view name)>;

struct AssessOptions {
  std::optional<DeploymentProfile> profile;
  ScannedReleaseLookup scanned;  // may be empty
  // The licence facts, families and licensors to judge with: an
  // organisation's own (KnowledgeBase::parse of its files) or, when null,
  // owl's built-in knowledge base. Must outlive the call.
  const KnowledgeBase* knowledge = nullptr;
};

// `card` is the card's body as the extract stage read it (read_card_evidence).
Assessment assess(const Release& release, const std::vector<DocumentMatch>& matches,
                  const CardEvidence& card, const AssessOptions& options);

// The verdict for a profile over terms already worked out (for re-use by a
// policy gate that tries several profiles).
UseVerdict judge_use(const Assessment& assessment, const Release& release,
                     const DeploymentProfile& profile);

// Restrictiveness order: open-permissive (0) .. proprietary-or-unknown (5).
int restrictiveness(Tier tier);
// The terms a base lends its derivatives: the most restrictive of its
// effective terms (unknown facts count as proprietary), the first of equals;
// nullptr when there are none.
const Terms* strictest_terms(const std::vector<Terms>& effective);

}  // namespace owl
