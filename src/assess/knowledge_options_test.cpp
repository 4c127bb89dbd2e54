// assess() judges with the knowledge base its options give: an organisation
// can pass its own facts (a licence owl does not know, or its own reading of
// one), and nothing in assess falls back to the built-in one behind its back.
#include <gtest/gtest.h>

#include <filesystem>

#include "owl/audit.h"
#include "owl/knowledge.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;

// The organisation's own entry for its in-house licence, and a family rule
// so a derivative of its "acme" models inherits it.
constexpr const char* kAcmeKnowledge = R"(entries:
  - id: LicenseRef-acme-model-1.0
    name: Acme Model License 1.0
    family: acme-model
    version: "1.0"
    tier: non-commercial
    summary: Research use only.
    source: {url: "https://example.invalid/acme"}
    commercial_use: {value: "no", section: "2"}
)";

ReleaseAudit audit_with(const fs::path& root, const KnowledgeBase* knowledge) {
  AuditOptions options;
  DeploymentProfile profile;
  profile.commercial = true;
  options.assess.profile = profile;
  options.assess.knowledge = knowledge;
  auto locations = find_releases(root.string(), options.find);
  EXPECT_TRUE(locations.has_value());
  return audit_release(locations->front(), options);
}

TEST(AssessOptions, AnOrganisationsOwnKnowledgeBaseDecides) {
  testing::TempDir dir;
  const fs::path root = dir.path() / "acme-model";
  fs::create_directories(root);
  testing::write_file(root / "README.md",
                      "---\nlicense: other\nlicense_name: LicenseRef-acme-model-1.0\n---\n# m\n");

  // owl's own knowledge does not know the licence: it cannot decide.
  const auto unknown = audit_with(root, nullptr);
  ASSERT_TRUE(unknown.assessment.use.has_value());
  EXPECT_EQ(unknown.assessment.use->permission, Permission::kNeedsReview);

  const std::vector<std::pair<std::string, std::string>> files = {{"acme.yaml", kAcmeKnowledge}};
  const KnowledgeBase acme = KnowledgeBase::parse(files);
  ASSERT_TRUE(acme.errors().empty()) << acme.errors()[0].message();
  const auto known = audit_with(root, &acme);
  ASSERT_TRUE(known.assessment.use.has_value());
  EXPECT_EQ(known.assessment.use->permission, Permission::kNotAllowed);
  EXPECT_EQ(known.assessment.effective_tier, Tier::kNonCommercial);

  // The scope ends with the call: the next audit judges with owl's own again.
  EXPECT_EQ(audit_with(root, nullptr).assessment.use->permission, Permission::kNeedsReview);
}

}  // namespace
}  // namespace owl
