#include <gtest/gtest.h>

#include "owl/audit.h"

namespace owl {
namespace {

std::vector<ReleaseAudit> named(std::initializer_list<const char*> names) {
  std::vector<ReleaseAudit> audits;
  for (const char* name : names) {
    audits.emplace_back();
    audits.back().release.name = name;
  }
  return audits;
}

TEST(ScannedReleaseIndex, FindsByFullOrBareNameInAnyCaseFirstWins) {
  const auto audits = named({"org/Base-Model", "other/base-model", "loose"});
  const ScannedReleaseIndex index(audits);
  EXPECT_EQ(index.find("ORG/base-model"), 0u);
  EXPECT_EQ(index.find("other/Base-Model"), 1u);
  EXPECT_EQ(index.find("base-model"), 0u);          // the first release so named
  EXPECT_EQ(index.find("someone/base-model"), 0u);  // an unknown org: the bare name
  EXPECT_EQ(index.find("Loose"), 2u);
  EXPECT_EQ(index.find("missing/model"), std::nullopt);
}

TEST(ScannedReleaseIndex, AReleaseIsNotItsOwnBase) {
  const auto audits = named({"TheBloke/Llama-2-7B-GGUF", "other"});
  const ScannedReleaseIndex index(audits);
  EXPECT_EQ(index.find("TheBloke/Llama-2-7B-GGUF", 0), std::nullopt);
  EXPECT_EQ(index.find("TheBloke/Llama-2-7B-GGUF", 1), 0u);
}

TEST(ReleaseNameIndex, KeepsNamesAsFoundOnlyWhenAsked) {
  ReleaseNameIndex kept(ReleaseNameIndex::KeepNames::kYes);
  for (const char* name : {"org/Base-Model", "", "loose"}) kept.add(name);
  kept.seal();
  EXPECT_EQ(kept.name(0), "org/Base-Model");  // its case, not the key's
  EXPECT_EQ(kept.name(1), "");
  EXPECT_EQ(kept.name(2), "loose");
  EXPECT_EQ(kept.find("base-model", 2), 0u);
  ReleaseNameIndex lookup_only;
  lookup_only.add("org/Base-Model");
  lookup_only.seal();
  EXPECT_THROW((void)lookup_only.name(0), std::out_of_range);
}

}  // namespace
}  // namespace owl
