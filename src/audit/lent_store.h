// Internal to the audit stage: what each release of a scan set lends its
// derivatives, packed.
//
// A streaming scan must keep, for every release, what a derivative found
// later could take from it (ancestry.cpp's attach_terms reads no more): its
// strictest effective terms and its firm lineage links. Kept as Terms and
// Ancestor values that costs about 1.3 KB a release, 130 MB at 100,000
// releases. Packed it costs a few dozen bytes a release: every string is
// kept once (a base's name recurs in each derivative's links, "card
// base_model" in nearly all), every distinct link once, and a release holds
// only the numbers of its terms and links.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "owl/assessment.h"

namespace owl::detail {

// Strings kept once each, named by a number.
class StringPool {
 public:
  uint32_t intern(std::string_view text);
  std::string_view text(uint32_t id) const;
  size_t bytes() const;

 private:
  void grow();
  std::string arena_;              // each string as a 4-byte length, then its bytes
  std::vector<uint32_t> offsets_;  // id -> offset in arena_
  std::vector<uint32_t> table_;    // open addressing: id + 1, 0 when empty
};

class LentStore {
 public:
  // Records what `release` lends, from its settled assessment.
  void keep(size_t release, const Assessment& assessment);
  // The release's lending as an assessment for assess()'s scanned lookup:
  // the strictest effective terms and the firm links. Built in `views`
  // (which must outlive its use); nullptr when the release lends nothing.
  const Assessment* view(size_t release, std::deque<Assessment>& views) const;
  size_t bytes() const;  // what the store holds, for tests and benchmarks

  // One link but its depth, every field a number or a flag (exposed for
  // the round-trip test). The depth is kept with each release's use of the
  // link: a base's link recurs one level deeper in each derivative.
  struct PackedAncestor {
    uint32_t name, via, license_id, license_basis, family, family_version, evidence_file,
        evidence_where, evidence_quote, read_facts;
    const LicenseFacts* facts;
    uint8_t relation, confidence, origin, strength;
    bool has_family, owner_relicenses, terms_from_scan;
    bool operator==(const PackedAncestor&) const = default;
  };
  struct PackedTerms {
    uint32_t id, read_facts;
    const LicenseFacts* facts;
    bool operator==(const PackedTerms&) const = default;
  };
  PackedAncestor pack(const Ancestor& ancestor);
  Ancestor unpack(const PackedAncestor& packed, int depth) const;

 private:
  struct Link {
    uint32_t ancestor;  // index into ancestors_
    int depth;
  };
  struct Lending {
    uint32_t terms = kNone;  // index into terms_
    uint32_t first_link = 0, links = 0;
  };
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t keep_read_facts(const std::shared_ptr<const LicenseFacts>& facts);
  uint32_t keep_terms(const Terms& terms);
  uint32_t keep_link(const Ancestor& ancestor);

  StringPool strings_;
  std::vector<std::shared_ptr<const LicenseFacts>> read_facts_;  // facts read from texts
  std::vector<PackedTerms> terms_;
  std::vector<uint32_t> terms_table_;     // open addressing over terms_: index + 1
  std::deque<PackedAncestor> ancestors_;  // a deque: growing never holds two copies
  std::vector<uint32_t> ancestor_table_;  // open addressing over ancestors_: index + 1
  std::vector<Link> links_;               // each release's, one after another
  std::vector<Lending> lending_;          // by release
};

}  // namespace owl::detail
