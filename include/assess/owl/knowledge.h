// The licence knowledge base: what each licence (per id and version) lets a
// user do, in our own words, each fact tied to the clause that states it.
// Data lives in data/knowledge/*.yaml (schema: docs/knowledge-base.md) and is
// compiled into the binary. Loaded once; read-only and thread-safe after.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"

namespace owl {

enum class Tier {
  kOpenPermissive,
  kOpenCopyleft,
  kOpenWithUseRestrictions,  // RAIL-style: open, but use restrictions flow down
  kSourceAvailableRevocable,
  kNonCommercial,
  kProprietaryOrUnknown,
};
// The YAML spelling: "open-permissive", "open-copyleft", ...
std::string_view to_string(Tier tier);

// One fact with where it is stated: `section` is the clause in the entry's
// source text ("§1.b.i", "Section 3.2", "Attachment A").
struct Fact {
  std::string text;
  std::string section;
  // outputs only: this fact forbids using outputs to train or improve
  // other models (so a profile that trains on outputs is not allowed).
  bool bans_training = false;
};

// A fact with a closed set of values (commercial use: yes/no/conditional).
struct ValuedFact {
  std::string value;
  std::string detail;  // the condition, or a plain-words summary
  std::string section;
  // commercial_use only: the step before commercial use is allowed:
  // "registration" (a form; then a duty) or "authorisation" (the licensor's
  // written consent or a separate licence; until then, not allowed).
  std::string gate;
};

struct UseRestrictions {
  bool present = false;
  std::string policy;       // the id of the incorporated policy, if any
  bool flows_down = false;  // derivatives and redistributions must carry them
  std::string detail;
  std::string section;
};

// A number that changes what the licence asks of you.
struct Threshold {
  std::string metric;  // monthly_active_users, monthly_revenue_usd, annual_revenue_usd
  double value = 0;
  std::string measured;     // when it is measured ("on the release date, previous month")
  std::string consequence;  // what happens above it
  // needs-licence: above it you have no rights until the licensor grants
  // them; duty: above it you owe something (a display, a fee) but keep rights.
  std::string effect = "needs-licence";
  std::string section;
};

struct RegionalCarveOut {
  std::vector<std::string> excluded;  // "EU", "UK", "KR"
  std::string scope;                  // what is excluded there
  std::string section;
  // `models: multimodal`: the carve-out covers only the multimodal models the
  // licence governs (Llama 3.2), so a text-only release needs a look.
  bool only_multimodal = false;
};

// What a derivative (a fine-tune, merge, quantisation, re-upload) must carry,
// in a form owl can check against the release: the phrase its card must
// show, the prefix its name must start with, whether a NOTICE file is due.
struct DerivativeDuties {
  std::string display;      // "Built with Llama"
  std::string name_prefix;  // "Llama"
  bool notice_file = false;
  std::string section;
};

struct FactSource {
  std::string url;     // the publisher's page for the text
  std::string corpus;  // path under ../shared/corpus/licenses, when we hold the text
};

struct LicenseFacts {
  std::string id;  // SPDX id or LicenseRef-owl-<family>-<version>
  std::string name, family, version;
  std::string kind;                  // "licence" or "policy"
  std::vector<std::string> aliases;  // other ids for the same text (SPDX twins)
  Tier tier = Tier::kProprietaryOrUnknown;
  std::string summary;
  FactSource source;
  bool verified = true;       // false: no text in the corpus; facts from the publisher's summary
  ValuedFact commercial_use;  // yes / no / conditional
  ValuedFact patent_grant;    // yes / no / with-termination / not-stated
  ValuedFact copyleft;        // none / weak / strong / network
  UseRestrictions use_restrictions;
  std::vector<Fact> attribution;  // notices to keep, text to display
  std::vector<Fact> naming;       // rules for derivative names
  std::vector<Fact> outputs;      // what you may do with outputs
  std::vector<Fact> redistribution;
  std::vector<Fact> revocation;  // termination, remote restriction, policy updates
  std::vector<Threshold> thresholds;
  std::vector<RegionalCarveOut> regions;
  ValuedFact governing_law;
  std::vector<Fact> other;
  DerivativeDuties derivatives;
  std::string file;  // the YAML file the entry came from
  // Facts read from a licence text rather than taken from the knowledge
  // base (assess builds these; YAML entries never have them): the questions
  // that text leaves open, each judged NEEDS LEGAL REVIEW.
  bool read_from_text = false;
  std::vector<Fact> open_questions;
};

// Which licence a model family publishes its weights under: how owl knows the
// terms of a base model it did not scan. A rule matches a family, optionally
// a version ("3.1") and words in the base's name ("72b", "schnell").
struct FamilyLicense {
  std::string family;
  std::string version;                     // empty: any version
  std::vector<std::string> name_contains;  // lowercase; any one must occur
  std::string license;                     // knowledge id
  std::string note;
  std::string source;  // where the publisher says so
  std::string file;
  // The family's name without a version could mean any of its licences
  // ("License: LLaMA"): a licence written that way names none of them. A
  // base guessed from such a name still gets this rule's terms, as a guess.
  bool ambiguous_name = false;
};

// Which Hub organisations license a family's models (families.yaml,
// `licensors:`): their own derivatives are governed by their own licence.
struct FamilyLicensor {
  std::string family;
  std::vector<std::string> orgs;  // as on the Hub; compared case-insensitively
  std::string source;
  std::string file;
};

class KnowledgeBase {
 public:
  // The embedded data/knowledge/*.yaml. Parsed on first use; a build whose
  // data fails validation still returns the valid entries, and errors()
  // lists the rest (a test asserts there are none).
  static const KnowledgeBase& builtin();

  // Parses and validates one or more YAML files ({file name, text}).
  // Returns the entries that validated; every problem is in errors().
  static KnowledgeBase parse(std::span<const std::pair<std::string, std::string>> files);

  // Case-insensitive. Also resolves aliases, "GPL-2.0+" / "GPL-2.0-or-later"
  // to the -only entry (the knowledge is the same), bare "GPL-3.0", and the
  // short form of owl's ids ("kimi-k2" for "LicenseRef-owl-kimi-k2").
  const LicenseFacts* find(std::string_view id) const;
  // Up to `limit` ids closest to `id`, for "did you mean".
  std::vector<std::string> closest_ids(std::string_view id, size_t limit = 3) const;

  // The licence of a base model named `model_name` of family `family`
  // (version may be empty), or null when owl does not know it. The most
  // specific rule wins: version and name words, then version, then name
  // words, then the family's default.
  const FamilyLicense* family_license(std::string_view family, std::string_view version,
                                      std::string_view model_name) const;
  // Whether some rule of the family names a version: then a version in a
  // model's name tells which release of the family it is ("Llama-2", "Gemma2");
  // for a family without versioned releases ("bert-2048") a number is not one.
  bool family_has_versions(std::string_view family) const;
  // Whether the Hub organisation `org` licenses the models of `family`.
  bool licenses_family(std::string_view org, std::string_view family) const;

  const std::vector<LicenseFacts>& entries() const { return entries_; }
  const std::vector<FamilyLicense>& families() const { return families_; }
  const std::vector<FamilyLicensor>& licensors() const { return licensors_; }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<LicenseFacts> entries_;
  std::vector<FamilyLicense> families_;
  std::vector<FamilyLicensor> licensors_;
  std::vector<Error> errors_;
};

// The entry for a licence as a user or a scan writes it: an SPDX or owl id
// (KnowledgeBase::find), a Hugging Face `license:` id ("llama3.1"), or the
// words of a card's license_name ("Llama 3.1 Community License"). Null when
// none of these names an entry. What `owl explain` accepts.
const LicenseFacts* find_license(const KnowledgeBase& base, std::string_view written);

// Ids owl knows near `written`, for "did you mean": first the Hub ids and
// knowledge-base ids of its family (the letters before the first digit:
// "llama" for "llama3.5", "LicenseRef-owl-llama-3.7" or "Llama-9"), then
// the closest ids by spelling. At most `limit`, no repeats.
std::vector<std::string> suggest_license_ids(const KnowledgeBase& base, std::string_view written,
                                             size_t limit = 10);

}  // namespace owl
