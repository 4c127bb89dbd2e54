#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "identify/engine.h"
#include "identify/index_format.h"
#include "owl/identify.h"
#include "test_support.h"

namespace owl {
namespace {

const LicenseIndex& index() { return LicenseIndex::builtin(); }

TEST(LicenseIndex, BuiltinHoldsEverySpdxLicenceAndTheModelLicences) {
  EXPECT_NE(index().version_tag().find("spdx-license-list 6."), std::string_view::npos);
  std::set<std::string_view> spdx, owl;
  for (size_t i = 0; i < index().size(); ++i) {
    const LicenseEntry e = index().entry(i);
    (e.id.rfind("LicenseRef-owl-", 0) == 0 ? owl : spdx).insert(e.id);
  }
  EXPECT_EQ(spdx.size(), 727u);
  EXPECT_GE(owl.size(), 65u);
  const LicenseEntry llama = index().entry(index().find("licenseref-owl-llama-3.1"));
  EXPECT_EQ(llama.family, "llama");
  EXPECT_EQ(llama.version, "3.1");
  EXPECT_NE(llama.source_url.find("meta-llama/llama-models"), std::string_view::npos);
  EXPECT_EQ(index().find("No-Such-Licence"), index().size());
}

TEST(LicenseIndex, OtherFormatVersionIsRefused) {
  std::vector<uint8_t> bytes(identify::builtin_index_bytes().begin(),
                             identify::builtin_index_bytes().end());
  bytes[8] = static_cast<uint8_t>(identify::kIndexFormatVersion + 1);
  const Expected<LicenseIndex> loaded = LicenseIndex::load(bytes);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind(), ErrorKind::kUnsupported);
  EXPECT_EQ(loaded.error().rule(), "license-index.format-version");
}

TEST(LicenseIndex, TruncatedOrForeignBytesAreCorrupt) {
  const auto bytes = identify::builtin_index_bytes();
  const Expected<LicenseIndex> truncated = LicenseIndex::load(bytes.first(bytes.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().rule(), "license-index.section-past-end");
  std::vector<uint8_t> foreign(bytes.begin(), bytes.end());
  foreign[0] = 'X';
  EXPECT_EQ(LicenseIndex::load(foreign).error().rule(), "license-index.bad-magic");
  EXPECT_EQ(LicenseIndex::load(bytes.first(10)).error().rule(), "license-index.truncated-header");
}

TEST(LicenseIndex, LoadedCopyIdentifiesLikeTheBuiltin) {
  const Expected<LicenseIndex> copy = LicenseIndex::load(identify::builtin_index_bytes());
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->size(), index().size());
  EXPECT_EQ(copy->identify("MIT License\n\nPermission is hereby granted").verdict,
            index().identify("MIT License\n\nPermission is hereby granted").verdict);
}

// Needs no licence text: every entry's own stored words must retrieve and
// align back to it (or to an entry whose text is identical), so no entry is
// shadowed by a near-duplicate.
TEST(LicenseIndex, EveryEntrySelfIdentifiesFromItsStoredWords) {
  const LicenseIndex::Impl& impl = index().impl();
  size_t checked = 0;
  std::vector<std::string> wrong;
  for (uint32_t e = 0; e < impl.entry_count(); ++e) {
    if (impl.is_duplicate(e) || impl.record(e).token_count == 0) continue;
    identify::Input input;
    input.values = impl.entry_words(e);
    input.tokens.resize(input.values.size());
    std::vector<uint32_t> positions(input.values.size());
    for (uint32_t i = 0; i < positions.size(); ++i) positions[i] = i;
    const auto m = identify::best_match(impl, input, positions, nullptr);
    const std::string_view own = impl.string(impl.record(e).id_string);
    if (!m || impl.string(impl.record(m->entry).id_string) != own) wrong.emplace_back(own);
    ++checked;
  }
  EXPECT_GE(checked, 740u);
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " entries identify as another, first "
                             << wrong.front();
}

// Runs when spdx-license-list is installed (scripts/gen_license_index.sh does
// it): the real texts, through the whole pipeline.
TEST(LicenseIndex, EverySpdxTextSelfIdentifies) {
  const auto json =
      owl::testing::source_dir() / "tools/node_modules/spdx-license-list/spdx-full.json";
  if (!std::filesystem::exists(json)) GTEST_SKIP() << "npm spdx-license-list not installed";
  const auto list = nlohmann::json::parse(owl::testing::read_file(json));
  size_t checked = 0;
  std::vector<std::string> wrong;
  for (const auto& [id, facts] : list.items()) {
    const Identification r = index().identify(facts.at("licenseText").get<std::string>());
    const bool same = r.id == id || std::find(r.equivalent_ids.begin(), r.equivalent_ids.end(),
                                              id) != r.equivalent_ids.end();
    if (!same || r.verdict != Verdict::kExact)
      wrong.push_back(id + " -> " + r.id + " (" + to_string(r.verdict) + ")");
    ++checked;
  }
  EXPECT_EQ(checked, 727u);
  EXPECT_TRUE(wrong.empty()) << wrong.size() << " wrong, first: " << wrong.front();
}

}  // namespace
}  // namespace owl
