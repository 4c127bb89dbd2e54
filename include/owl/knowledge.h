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
};

// A fact with a closed set of values (commercial use: yes/no/conditional).
struct ValuedFact {
  std::string value;
  std::string detail;  // the condition, or a plain-words summary
  std::string section;
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
  std::string section;
};

struct RegionalCarveOut {
  std::vector<std::string> excluded;  // "EU", "UK", "KR"
  std::string scope;                  // what is excluded there
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
  std::string file;  // the YAML file the entry came from
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

  const std::vector<LicenseFacts>& entries() const { return entries_; }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<LicenseFacts> entries_;
  std::vector<Error> errors_;
};

}  // namespace owl
