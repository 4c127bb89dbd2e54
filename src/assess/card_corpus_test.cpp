// Assessment of real Hugging Face cards: a hand-labelled table of single
// cards (tests/data/card_assessment_expected.tsv), and the conflict counts
// across all 3,424 cards audited together, kept in the golden file
// (tests/golden/corpus-counts.txt) so a change shows up as a diff to review.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "golden.h"
#include "owl/audit.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::source_dir;

std::vector<std::string> split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, separator);) fields.push_back(field);
  return fields;
}

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "-" : out;
}

struct Row {
  std::string declared, tier, conflicts, family;
};

Row assess_card(const std::string& card) {
  AuditOptions options;
  auto locations =
      find_releases(corpus("model-cards/hf-readme-2024/" + card).string(), options.find);
  EXPECT_TRUE(locations.has_value()) << card;
  if (!locations || locations->empty()) return {};
  const auto audit = audit_release(locations->front(), options);
  const auto& a = audit.assessment;
  Row row;
  for (const auto& id : a.declared) row.declared += (row.declared.empty() ? "" : ",") + id;
  if (row.declared.empty()) row.declared = "-";
  row.tier = std::string(to_string(a.effective_tier));
  std::set<std::string> kinds;
  for (const auto& conflict : a.conflicts) kinds.insert(to_string(conflict.kind));
  row.conflicts = joined(kinds);
  row.family = "-";
  for (const auto& ancestor : a.lineage)
    if (ancestor.depth == 1 && ancestor.family) {
      row.family = ancestor.family->family +
                   (ancestor.family->version.empty() ? "" : "-" + ancestor.family->version);
      break;
    }
  return row;
}

TEST(CardCorpus, HandLabelledCardsAssessAsLabelled) {
  std::ifstream table(source_dir() / "tests/data/card_assessment_expected.tsv");
  ASSERT_TRUE(table) << "tests/data/card_assessment_expected.tsv";
  size_t rows = 0;
  for (std::string line; std::getline(table, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split(line, '\t');
    ASSERT_EQ(fields.size(), 5u) << line;
    const Row got = assess_card(fields[0]);
    EXPECT_EQ(got.declared, fields[1]) << fields[0];
    EXPECT_EQ(got.tier, fields[2]) << fields[0];
    EXPECT_EQ(got.conflicts, fields[3]) << fields[0];
    EXPECT_EQ(got.family, fields[4]) << fields[0];
    ++rows;
  }
  EXPECT_GE(rows, 40u);
}

// Collects conflict counts (releases per kind) for the whole card folder.
class ConflictCounter : public AuditSink {
 public:
  void on_release(ReleaseAudit&& audit) override { audits.push_back(std::move(audit)); }
  void on_error(const Error& error) override { ADD_FAILURE() << error.message(); }
  std::vector<ReleaseAudit> audits;
};

TEST(CardCorpusGolden, ConflictCountsAcrossAllCards) {
  ConflictCounter counter;
  AuditOptions options;
  EXPECT_EQ(audit_paths({corpus("model-cards/hf-readme-2024").string()}, options, counter), 0u);
  reassess_scanned_set(counter.audits, options.assess);
  ASSERT_EQ(counter.audits.size(), 3424u);
  std::map<std::string, size_t> releases_with;
  size_t gap = 0;
  for (const auto& audit : counter.audits) {
    std::set<std::string> kinds;
    for (const auto& conflict : audit.assessment.conflicts)
      kinds.insert(std::string(to_string(conflict.kind)) + " " + to_string(conflict.severity));
    for (const auto& kind : kinds) ++releases_with[kind];
    if (audit.assessment.more_permissive_label) ++gap;
  }
  std::vector<std::string> lines = {"# owl scan of every card together (reassess_scanned_set)",
                                    "releases = " + std::to_string(counter.audits.size()),
                                    "more permissive label than terms = " + std::to_string(gap)};
  for (const auto& [kind, count] : releases_with)
    lines.push_back("releases with conflict " + kind + " = " + std::to_string(count));
  testing::expect_golden("card scan", lines);
}

}  // namespace
}  // namespace owl
