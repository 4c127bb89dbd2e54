#include "license_names.h"

#include <gtest/gtest.h>

#include "assess_internal.h"
#include "owl/knowledge.h"

namespace owl::detail {
namespace {

TEST(LicenseIdFor, HubIdsSpdxIdsAndSpelledOutNames) {
  EXPECT_EQ(license_id_for("apache-2.0"), "Apache-2.0");
  EXPECT_EQ(license_id_for("Apache License, Version 2.0"), "Apache-2.0");
  EXPECT_EQ(license_id_for("mit"), "MIT");
  EXPECT_EQ(license_id_for("llama3.1"), "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(license_id_for("Llama 2 Community License"), "LicenseRef-owl-llama-2");
  EXPECT_EQ(license_id_for("gemma"),
            "LicenseRef-owl-gemma-2025-03-24");  // the Hub id: current terms
  EXPECT_EQ(license_id_for("Stability AI Community License"),
            "LicenseRef-owl-stability-community-2024-07-05");
  // The Hub's generic "openrail" stands for the OpenRAIL family.
  EXPECT_EQ(license_id_for("openrail"), "LicenseRef-owl-bigscience-openrail-m-2022-08-18");
}

TEST(LicenseIdFor, LicencesNamedAfterAFamilyAreTheFamilysOwn) {
  // Yi's models are Apache-2.0 today, but "yi-license" names the Yi licence.
  EXPECT_EQ(license_id_for("yi-license"), "LicenseRef-owl-yi-2.1");
  // Falcon models are Apache-2.0 by default; the Falcon-Mamba licence is not
  // one owl has facts for, so it is not resolved at all.
  EXPECT_EQ(license_id_for("falcon-mamba-7b-license"), "");
  // Without a version "LLaMA" could be any of Meta's licences.
  EXPECT_EQ(license_id_for("LLaMA license"), "");
}

// Which bare family names are ambiguous is data (families.yaml,
// `ambiguous_name`), not a name in code: an organisation's own rule decides.
TEST(LicenseIdFor, AFamilysBareNameIsAmbiguousWhenItsRuleSaysSo) {
  const auto knowledge_with = [](const std::string& flag) {
    const std::string text = R"(entries:
  - id: LicenseRef-acme-falcon-1.0
    name: Acme Falcon Licence 1.0
    family: falcon
    version: "1.0"
    tier: non-commercial
    summary: Research use only.
    source: {url: "https://example.invalid/acme"}
    commercial_use: {value: "no", section: "2"}
families:
  - {family: falcon, license: LicenseRef-acme-falcon-1.0, source: "https://example.invalid/acme")" +
                             flag + "}\n";
    const std::vector<std::pair<std::string, std::string>> files = {{"acme.yaml", text}};
    return KnowledgeBase::parse(files);
  };
  const KnowledgeBase plain = knowledge_with("");
  ASSERT_TRUE(plain.errors().empty()) << plain.errors()[0].message();
  {
    KnowledgeScope scope(&plain);
    EXPECT_EQ(license_id_for("Falcon"), "LicenseRef-acme-falcon-1.0");
  }
  const KnowledgeBase ambiguous = knowledge_with(", ambiguous_name: true");
  ASSERT_TRUE(ambiguous.errors().empty()) << ambiguous.errors()[0].message();
  {
    KnowledgeScope scope(&ambiguous);
    EXPECT_EQ(license_id_for("Falcon"), "");
    EXPECT_EQ(license_id_for("Falcon licence"), "");
  }
  const KnowledgeBase broken = knowledge_with(", ambiguous_name: perhaps");
  ASSERT_EQ(broken.errors().size(), 1u);
  EXPECT_EQ(broken.errors()[0].rule(), "knowledge.family-rule");
}

TEST(LicenseIdFor, PlaceholdersNameNothing) {
  for (const char* written : {"[More Information Needed]", "other", "unknown", "TBD", "N/A", ""}) {
    EXPECT_TRUE(is_placeholder(written)) << written;
    EXPECT_EQ(license_id_for(written), "") << written;
  }
}

// Licence sentences come from the card's one parse: a setext "License"
// heading is a heading, and a licence named inside code is not a statement.
TEST(ProseLicenses, ReadFromTheParsedCard) {
  const std::string body =
      "Licence\n"
      "=======\n"
      "\n"
      "Apache 2.0\n"
      "\n"
      "```\n"
      "License: gemma\n"
      "```\n";
  const auto found = extract_prose_licenses(find_license_statements(read_card_text(body, 4)));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "Apache-2.0");
  EXPECT_EQ(found[0].line, 7);
}

}  // namespace
}  // namespace owl::detail
