#include "audit/lent_store.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace owl::detail {

namespace {

// A new field in Ancestor must be packed and unpacked too (the round-trip
// test then covers it): this stops the build until it is.
static_assert(sizeof(Ancestor) == 368, "Ancestor changed: pack and unpack the new field");

uint64_t mix(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// Open addressing over numbered items: a slot holds an item's number + 1,
// 0 when empty. `same(id)` says whether item `id` is the one looked for.
template <typename Same>
uint32_t& slot_for(std::vector<uint32_t>& table, uint64_t hash, const Same& same) {
  const size_t mask = table.size() - 1;  // the size is a power of two
  for (size_t at = hash & mask;; at = (at + 1) & mask)
    if (table[at] == 0 || same(table[at] - 1)) return table[at];
}

// Doubles `table` once it is half full, re-placing every item by `hash_of`.
template <typename HashOf>
void grow_if_full(std::vector<uint32_t>& table, size_t items, const HashOf& hash_of) {
  if (!table.empty() && items * 2 < table.size()) return;
  std::vector<uint32_t> grown(std::max<size_t>(64, table.size() * 2), 0);
  const size_t mask = grown.size() - 1;
  for (uint32_t id = 0; id < items; ++id) {
    size_t at = hash_of(id) & mask;
    while (grown[at] != 0) at = (at + 1) & mask;
    grown[at] = id + 1;
  }
  table = std::move(grown);
}

uint64_t hash_of(const LentStore::PackedTerms& terms) {
  return mix(mix(reinterpret_cast<uintptr_t>(terms.facts), terms.id), terms.read_facts);
}

uint64_t hash_of(const LentStore::PackedAncestor& link) {
  uint64_t seed = reinterpret_cast<uintptr_t>(link.facts);
  for (uint32_t field :
       {link.name, link.via, link.license_id, link.license_basis, link.family, link.family_version,
        link.evidence_file, link.evidence_where, link.evidence_quote, link.read_facts})
    seed = mix(seed, field);
  for (uint32_t flag : {link.relation, link.confidence, link.origin, link.strength})
    seed = mix(seed, flag);
  return mix(seed, link.has_family | (link.owner_relicenses << 1) | (link.terms_from_scan << 2));
}

// The number of `item` in `items`, appended if new; `table` indexes items.
template <typename Items, typename Item>
uint32_t number_of(std::vector<uint32_t>& table, Items& items, const Item& item) {
  grow_if_full(table, items.size(), [&](uint32_t id) { return hash_of(items[id]); });
  uint32_t& slot = slot_for(table, hash_of(item), [&](uint32_t id) { return items[id] == item; });
  if (slot != 0) return slot - 1;
  items.push_back(item);
  slot = static_cast<uint32_t>(items.size());
  return slot - 1;
}

}  // namespace

uint32_t StringPool::intern(std::string_view text) {
  grow();
  const uint64_t hash = std::hash<std::string_view>{}(text);
  uint32_t& slot = slot_for(table_, hash, [&](uint32_t id) { return this->text(id) == text; });
  if (slot != 0) return slot - 1;
  const auto length = static_cast<uint32_t>(text.size());
  offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  arena_.append(reinterpret_cast<const char*>(&length), sizeof length);
  arena_.append(text);
  slot = static_cast<uint32_t>(offsets_.size());
  return slot - 1;
}

std::string_view StringPool::text(uint32_t id) const {
  uint32_t length = 0;
  std::memcpy(&length, arena_.data() + offsets_[id], sizeof length);
  return {arena_.data() + offsets_[id] + sizeof length, length};
}

void StringPool::grow() {
  grow_if_full(table_, offsets_.size(),
               [this](uint32_t id) { return std::hash<std::string_view>{}(text(id)); });
}

size_t StringPool::bytes() const {
  return arena_.capacity() + offsets_.capacity() * sizeof(uint32_t) +
         table_.capacity() * sizeof(uint32_t);
}

uint32_t LentStore::keep_read_facts(const std::shared_ptr<const LicenseFacts>& facts) {
  if (!facts) return kNone;
  // Facts read from a text are rare and usually shared by the releases
  // whose terms they are; the last one kept is checked first.
  for (size_t i = read_facts_.size(); i-- > 0 && i + 8 >= read_facts_.size();)
    if (read_facts_[i] == facts) return static_cast<uint32_t>(i);
  read_facts_.push_back(facts);
  return static_cast<uint32_t>(read_facts_.size() - 1);
}

uint32_t LentStore::keep_terms(const Terms& terms) {
  const PackedTerms packed{strings_.intern(terms.id), keep_read_facts(terms.read_facts),
                           terms.facts};
  // Terms read from a release's own text are distinct per release: a table,
  // not a search, keeps 100,000 of them linear.
  return number_of(terms_table_, terms_, packed);
}

LentStore::PackedAncestor LentStore::pack(const Ancestor& ancestor) {
  PackedAncestor packed{};
  packed.name = strings_.intern(ancestor.name);
  packed.via = strings_.intern(ancestor.via);
  packed.license_id = strings_.intern(ancestor.license_id);
  packed.license_basis = strings_.intern(ancestor.license_basis);
  packed.has_family = ancestor.family.has_value();
  packed.family = strings_.intern(ancestor.family ? ancestor.family->family : "");
  packed.family_version = strings_.intern(ancestor.family ? ancestor.family->version : "");
  packed.evidence_file = strings_.intern(ancestor.evidence.source.file);
  packed.evidence_where = strings_.intern(ancestor.evidence.source.where);
  packed.evidence_quote = strings_.intern(ancestor.evidence.quote);
  packed.read_facts = keep_read_facts(ancestor.read_facts);
  packed.facts = ancestor.facts;
  packed.relation = static_cast<uint8_t>(ancestor.relation);
  packed.confidence = static_cast<uint8_t>(ancestor.confidence);
  packed.origin = static_cast<uint8_t>(ancestor.origin);
  packed.strength = static_cast<uint8_t>(ancestor.strength);
  packed.owner_relicenses = ancestor.owner_relicenses;
  packed.terms_from_scan = ancestor.terms_from_scan;
  return packed;
}

Ancestor LentStore::unpack(const PackedAncestor& packed, int depth) const {
  Ancestor ancestor;
  ancestor.name = strings_.text(packed.name);
  ancestor.via = strings_.text(packed.via);
  ancestor.license_id = strings_.text(packed.license_id);
  ancestor.license_basis = strings_.text(packed.license_basis);
  if (packed.has_family)
    ancestor.family = ModelFamily{std::string(strings_.text(packed.family)),
                                  std::string(strings_.text(packed.family_version))};
  ancestor.evidence.source.file = strings_.text(packed.evidence_file);
  ancestor.evidence.source.where = strings_.text(packed.evidence_where);
  ancestor.evidence.quote = strings_.text(packed.evidence_quote);
  if (packed.read_facts != kNone) ancestor.read_facts = read_facts_[packed.read_facts];
  ancestor.facts = packed.facts;
  ancestor.relation = static_cast<BaseRelation>(packed.relation);
  ancestor.confidence = static_cast<Confidence>(packed.confidence);
  ancestor.origin = static_cast<LineageOrigin>(packed.origin);
  ancestor.strength = static_cast<Strength>(packed.strength);
  ancestor.depth = depth;
  ancestor.owner_relicenses = packed.owner_relicenses;
  ancestor.terms_from_scan = packed.terms_from_scan;
  return ancestor;
}

uint32_t LentStore::keep_link(const Ancestor& ancestor) {
  return number_of(ancestor_table_, ancestors_, pack(ancestor));
}

void LentStore::keep(size_t release, const Assessment& assessment) {
  if (release >= lending_.size()) lending_.resize(release + 1);
  Lending lending;
  if (const Terms* strictest = strictest_terms(assessment.effective))
    lending.terms = keep_terms(*strictest);
  lending.first_link = static_cast<uint32_t>(links_.size());
  // Only firm links travel down a chain (attach_terms skips the others).
  for (const auto& ancestor : assessment.lineage)
    if (ancestor.confidence != Confidence::kLow && ancestor.origin != LineageOrigin::kCardProse)
      links_.push_back({keep_link(ancestor), ancestor.depth});
  lending.links = static_cast<uint32_t>(links_.size()) - lending.first_link;
  lending_[release] = lending;
}

const Assessment* LentStore::view(size_t release, std::deque<Assessment>& views) const {
  if (release >= lending_.size()) return nullptr;
  const Lending& lending = lending_[release];
  if (lending.terms == kNone && lending.links == 0) return nullptr;
  Assessment& view = views.emplace_back();
  if (lending.terms != kNone) {
    const PackedTerms& packed = terms_[lending.terms];
    Terms& terms = view.effective.emplace_back();
    terms.id = strings_.text(packed.id);
    terms.facts = packed.facts;
    if (packed.read_facts != kNone) terms.read_facts = read_facts_[packed.read_facts];
  }
  for (uint32_t i = 0; i < lending.links; ++i) {
    const Link& link = links_[lending.first_link + i];
    view.lineage.push_back(unpack(ancestors_[link.ancestor], link.depth));
  }
  return &view;
}

size_t LentStore::bytes() const {
  return strings_.bytes() + read_facts_.capacity() * sizeof(read_facts_[0]) +
         terms_.capacity() * sizeof(PackedTerms) + terms_table_.capacity() * sizeof(uint32_t) +
         ancestors_.size() * sizeof(PackedAncestor) +
         ancestor_table_.capacity() * sizeof(uint32_t) + links_.capacity() * sizeof(Link) +
         lending_.capacity() * sizeof(Lending);
}

}  // namespace owl::detail
