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

}  // namespace
}  // namespace owl
