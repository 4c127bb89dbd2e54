#include "audit/lent_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "owl/knowledge.h"

namespace owl {
namespace {

const LicenseFacts* facts_for(std::string_view id) {
  return find_license(KnowledgeBase::builtin(), id);
}

// Every field away from its default, so a field pack or unpack drops shows.
Ancestor every_field_set() {
  Ancestor ancestor;
  ancestor.name = "example-org/Base-7B";
  ancestor.relation = BaseRelation::kAdapter;
  ancestor.via = "adapter_config.json base_model_name_or_path";
  ancestor.confidence = Confidence::kHigh;
  ancestor.family = ModelFamily{"llama", "3.1"};
  ancestor.license_id = "llama3.1";
  ancestor.facts = facts_for("llama3.1");
  ancestor.license_basis = "scanned release example-org/Base-7B";
  ancestor.depth = 3;
  ancestor.evidence = {{"adapter_config.json", "key base_model_name_or_path"}, "Base-7B"};
  ancestor.owner_relicenses = true;
  ancestor.read_facts = std::make_shared<LicenseFacts>();
  ancestor.origin = LineageOrigin::kReleaseName;
  ancestor.terms_from_scan = true;
  ancestor.strength = Strength::kWeak;
  return ancestor;
}

TEST(LentStore, ALinkComesBackAsItWasKept) {
  detail::LentStore store;
  const Ancestor kept = every_field_set();
  ASSERT_NE(kept.facts, nullptr);
  EXPECT_EQ(store.unpack(store.pack(kept), kept.depth), kept);
  Ancestor plain;  // defaults, no family
  plain.name = "x";
  EXPECT_EQ(store.unpack(store.pack(plain), plain.depth), plain);
}

TEST(LentStore, AReleaseLendsItsStrictestTermsAndFirmLinksOnly) {
  Assessment assessment;
  Terms open;
  open.id = "apache-2.0";
  open.facts = facts_for("apache-2.0");
  open.why = "its LICENSE file";
  Terms restrictive;
  restrictive.id = "llama3.1";
  restrictive.facts = facts_for("llama3.1");
  restrictive.inherited = true;
  assessment.effective = {open, restrictive};
  Ancestor firm = every_field_set();
  Ancestor prose = firm;
  prose.origin = LineageOrigin::kCardProse;
  Ancestor guess = firm;
  guess.name = "guessed";
  guess.origin = LineageOrigin::kDeclared;
  guess.confidence = Confidence::kLow;
  assessment.lineage = {prose, firm, guess};

  detail::LentStore store;
  store.keep(4, assessment);
  std::deque<Assessment> views;
  const Assessment* view = store.view(4, views);
  ASSERT_NE(view, nullptr);
  ASSERT_EQ(view->effective.size(), 1u);
  EXPECT_EQ(view->effective[0].id, "llama3.1");
  EXPECT_EQ(view->effective[0].facts, restrictive.facts);
  ASSERT_EQ(view->lineage.size(), 1u);
  EXPECT_EQ(view->lineage[0], firm);
  EXPECT_EQ(store.view(3, views), nullptr);   // kept nothing
  EXPECT_EQ(store.view(40, views), nullptr);  // beyond every release kept
  store.keep(5, Assessment{});
  EXPECT_EQ(store.view(5, views), nullptr);  // lends nothing
}

// The point of packing: a chain shared by many releases is kept once, so
// 20,000 releases cost well under 100 bytes each (1.3 KB unpacked).
TEST(LentStore, ReleasesInChainsCostAFewDozenBytesEach) {
  detail::LentStore store;
  constexpr size_t kReleases = 20000;
  for (size_t release = 0; release < kReleases; ++release) {
    const size_t group = release / 4;
    Assessment assessment;
    Terms terms;
    terms.id = release % 3 == 0 ? "mit" : "llama3.1";
    terms.facts = facts_for(terms.id);
    assessment.effective = {terms};
    Ancestor root = every_field_set();
    root.read_facts = nullptr;
    root.depth = 1 + static_cast<int>(release % 4);
    Ancestor base = root;
    base.name = fmt::format("bench/g{:06d}-base", group);
    base.license_basis = "scanned release " + base.name;
    base.evidence.quote = "base_model: " + base.name;
    base.depth = 1;
    assessment.lineage = {base, root};
    store.keep(release, assessment);
  }
  EXPECT_LT(store.bytes(), kReleases * 100);
  std::deque<Assessment> views;
  const Assessment* last = store.view(kReleases - 1, views);
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->lineage.at(0).name, fmt::format("bench/g{:06d}-base", (kReleases - 1) / 4));
  EXPECT_EQ(last->effective.at(0).id, "llama3.1");
}

// Terms read from each release's own text are distinct: each release gets
// its own facts back.
TEST(LentStore, TermsReadFromEachReleasesTextStayItsOwn) {
  detail::LentStore store;
  std::vector<std::shared_ptr<const LicenseFacts>> read(2000);
  for (size_t release = 0; release < read.size(); ++release) {
    read[release] = std::make_shared<LicenseFacts>();
    Terms terms;
    terms.id = "LicenseRef-custom";
    terms.read_facts = read[release];
    terms.facts = read[release].get();
    Assessment assessment;
    assessment.effective = {terms};
    store.keep(release, assessment);
  }
  std::deque<Assessment> views;
  for (size_t release = 0; release < read.size(); ++release) {
    const Assessment* view = store.view(release, views);
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->effective.at(0).read_facts, read[release]);
    EXPECT_EQ(view->effective.at(0).facts, read[release].get());
  }
}

}  // namespace
}  // namespace owl
