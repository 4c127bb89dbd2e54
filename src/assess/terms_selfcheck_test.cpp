// The term reader checked against the knowledge base: for every licence text
// in ../shared/corpus/licenses that a knowledge-base entry was written from,
// read the text and compare what it says with the curated facts, per fact
// kind. A disagreement is a reader bug or a knowledge-base error; the floors
// below only ever rise.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "owl/knowledge.h"
#include "owl/license_terms.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::read_file;

struct Tally {
  int agree = 0, total = 0;
  std::vector<std::string> disagreements;
  void count(bool same, const std::string& what) {
    ++total;
    if (same)
      ++agree;
    else
      disagreements.push_back(what);
  }
};

std::string commercial_of(const LicenseFacts& facts) {
  const auto& use = facts.commercial_use;
  if (use.value == "yes") return "allowed";
  if (use.value == "no") return "no";
  if (use.gate == "registration") return "after-registration";
  if (use.gate == "authorisation") return "needs-authorisation";
  return "allowed";  // conditional on a threshold: the grant itself allows it
}

std::string commercial_of(const ReadLicenseTerms& read) {
  switch (read.commercial) {
    case CommercialTerm::kForbidden:
    case CommercialTerm::kResearchOrPersonalOnly: return "no";
    default: return to_string(read.commercial);
  }
}

std::string metric_of(ThresholdMetric metric) {
  switch (metric) {
    case ThresholdMetric::kMonthlyActiveUsers: return "monthly_active_users";
    case ThresholdMetric::kAnnualRevenue: return "annual_revenue_usd";
    case ThresholdMetric::kMonthlyRevenue: return "monthly_revenue_usd";
    default: return to_string(metric);
  }
}

// Facts stated in another document (a use policy) are not in this text.
bool stated_here(const std::string& section) {
  return section.find("Policy") == std::string::npos && section.find("policy") == std::string::npos;
}

struct SelfCheck {
  std::map<std::string, Tally> kinds;
  int texts = 0, decided = 0;
};

const SelfCheck& self_check() {
  static const SelfCheck check = [] {
    SelfCheck out;
    for (const auto& facts : KnowledgeBase::builtin().entries()) {
      if (facts.source.corpus.empty() || facts.kind == "policy") continue;
      if (facts.commercial_use.value == "not-applicable") continue;
      const auto path = corpus("licenses/" + facts.source.corpus);
      if (!std::filesystem::is_regular_file(path)) continue;
      const ReadLicenseTerms read = read_license_terms(read_file(path));
      ++out.texts;
      out.decided += read.decides_commercial();
      const std::string name = facts.id + " (" + facts.source.corpus + ")";
      out.kinds["commercial"].count(
          commercial_of(facts) == commercial_of(read),
          name + ": knowledge " + commercial_of(facts) + ", read " + commercial_of(read));
      std::vector<std::string> known, found;
      for (const auto& t : facts.thresholds)
        known.push_back(t.metric + "=" + std::to_string(static_cast<long long>(t.value)));
      for (const auto& t : read.thresholds)
        found.push_back(metric_of(t.metric) + "=" +
                        std::to_string(static_cast<long long>(t.value)));
      std::sort(known.begin(), known.end());
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      out.kinds["thresholds"].count(known == found, name + ": thresholds differ");
      std::vector<std::string> regions_known, regions_found;
      for (const auto& r : facts.regions)
        if (stated_here(r.section))
          regions_known.insert(regions_known.end(), r.excluded.begin(), r.excluded.end());
      for (const auto& t : read.territories)
        regions_found.insert(regions_found.end(), t.excluded.begin(), t.excluded.end());
      for (auto* list : {&regions_known, &regions_found}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
      }
      out.kinds["territory"].count(regions_known == regions_found, name + ": territory differs");
      const bool bans = std::any_of(facts.outputs.begin(), facts.outputs.end(), [](const Fact& f) {
        return f.bans_training && stated_here(f.section);
      });
      out.kinds["outputs"].count(bans == read.outputs_may_not_train_models.has_value(),
                                 name + (bans ? ": output ban not read" : ": output ban misread"));
      const auto read_duty = [&](DutyKind kind) -> const ReadDuty* {
        for (const auto& d : read.duties)
          if (d.kind == kind) return &d;
        return nullptr;
      };
      const auto* display = read_duty(DutyKind::kDisplay);
      const auto* prefix = read_duty(DutyKind::kNamePrefix);
      // The knowledge base keeps a product display (Kimi's, Hunyuan's) among
      // its attribution facts and a derivative's in `derivatives`.
      const auto among_attribution = [&](const std::string& phrase) {
        return std::any_of(facts.attribution.begin(), facts.attribution.end(),
                           [&](const Fact& f) { return f.text.find(phrase) != std::string::npos; });
      };
      const bool display_same =
          facts.derivatives.display.empty()
              ? display == nullptr || (display->detail.empty() ? !facts.attribution.empty()
                                                               : among_attribution(display->detail))
              : display && display->detail == facts.derivatives.display;
      const bool prefix_same = facts.derivatives.name_prefix.empty()
                                   ? prefix == nullptr || prefix->detail.empty()
                                   : prefix && prefix->detail == facts.derivatives.name_prefix;
      out.kinds["duties"].count(display_same && prefix_same,
                                name + ": display '" + facts.derivatives.display + "' vs '" +
                                    (display ? display->detail : "-") + "', prefix '" +
                                    facts.derivatives.name_prefix + "' vs '" +
                                    (prefix ? prefix->detail : "-") + "'");
    }
    return out;
  }();
  return check;
}

// The agreement each fact kind must keep (measured; raise, never lower).
const std::map<std::string, int> kFloorPercent = {
    {"commercial", 96}, {"thresholds", 100}, {"territory", 100}, {"outputs", 100}, {"duties", 100}};

TEST(TermReaderSelfCheck, AgreesWithTheKnowledgeBaseOnCorpusTexts) {
  const SelfCheck& check = self_check();
  ASSERT_GE(check.texts, 40);
  for (const auto& [kind, tally] : check.kinds) {
    const int percent = tally.total ? tally.agree * 100 / tally.total : 0;
    std::cout << "[ self-check ] " << kind << ": " << tally.agree << "/" << tally.total << " ("
              << percent << "%)\n";
    for (const auto& what : tally.disagreements) std::cout << "    " << what << "\n";
    EXPECT_GE(percent, kFloorPercent.at(kind)) << kind;
  }
  std::cout << "[ self-check ] commercial use decided for " << check.decided << " of "
            << check.texts << " texts\n";
  EXPECT_GE(check.decided * 100 / check.texts, 98);
}

}  // namespace
}  // namespace owl
