// owl measured against an independent, hand-labelled RANDOM sample of 200 real
// Hugging Face cards (tests/data/card_labels_random.tsv, drawn by
// scripts/sample_cards.py and labelled without looking at owl's output).
//
// Unlike card_corpus_test.cpp, a row where owl disagrees with the label is not
// a failure: the test counts, per conflict kind, true positives, false
// positives and false negatives, and for lineage how often owl finds a base
// the card states and how often the bases it reports are the stated ones. It
// prints the figures and holds them at floors measured on this branch, so a
// change that makes owl worse on real cards shows up.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "owl/audit.h"
#include "test_support.h"

namespace owl {
namespace {

using testing::corpus;
using testing::source_dir;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::stringstream stream(text);
  for (std::string field; std::getline(stream, field, separator);) fields.push_back(field);
  return fields;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// "meta-llama/Llama-2-7b-hf" -> "llama-2-7b-hf"
std::string short_name(const std::string& name) {
  const auto slash = name.rfind('/');
  return lower(trim(slash == std::string::npos ? name : name.substr(slash + 1)));
}

// "llama-3.1" -> "llama", "stable-diffusion" -> "stable-diffusion"
std::string family_without_version(const std::string& family) {
  const auto dash = family.rfind('-');
  if (dash != std::string::npos && dash + 1 < family.size() &&
      std::isdigit(static_cast<unsigned char>(family[dash + 1])))
    return family.substr(0, dash);
  return family;
}

// The conflict kinds the labels cover (the others need files a card does not
// ship, or a deployment profile).
const std::vector<std::string>& labelled_kinds() {
  static const std::vector<std::string> kinds = {
      "no-license",
      "placeholder-license",
      "permissive-label-on-restrictive-base",
      "use-restrictions-dropped",
      "declarations-disagree",
      "required-notice-missing",
  };
  return kinds;
}

struct Label {
  std::string card;
  std::vector<std::string> stated_bases;  // empty: the card states none
  std::string base_family;                // "" when '-'
  std::set<std::string> expected;         // conflict kinds
};

std::vector<Label> read_labels() {
  std::vector<Label> labels;
  std::ifstream table(source_dir() / "tests/data/card_labels_random.tsv");
  EXPECT_TRUE(table) << "tests/data/card_labels_random.tsv";
  for (std::string line; std::getline(table, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split(line, '\t');
    EXPECT_EQ(fields.size(), 6u) << line;
    if (fields.size() < 5) continue;
    Label label;
    label.card = fields[0];
    if (fields[2] != "-")
      for (const auto& base : split(fields[2], ','))
        if (!trim(base).empty()) label.stated_bases.push_back(trim(base));
    if (fields[3] != "-") label.base_family = lower(fields[3]);
    if (fields[4] != "-")
      for (const auto& kind : split(fields[4], ',')) {
        const auto k = trim(kind);
        EXPECT_NE(std::find(labelled_kinds().begin(), labelled_kinds().end(), k),
                  labelled_kinds().end())
            << label.card << ": unknown kind " << k;
        label.expected.insert(k);
      }
    labels.push_back(std::move(label));
  }
  return labels;
}

struct Found {
  std::set<std::string> kinds;
  struct Base {
    std::string name, family, family_version;
  };
  std::vector<Base> bases;  // depth 1
};

Found audit_card(const std::string& card) {
  AuditOptions options;
  auto locations =
      find_releases(corpus("model-cards/hf-readme-2024/" + card).string(), options.find);
  EXPECT_TRUE(locations.has_value()) << card;
  Found found;
  if (!locations || locations->empty()) return found;
  const auto audit = audit_release(locations->front(), options);
  for (const auto& conflict : audit.assessment.conflicts)
    found.kinds.insert(to_string(conflict.kind));
  for (const auto& ancestor : audit.assessment.lineage) {
    if (ancestor.depth != 1) continue;
    Found::Base base;
    base.name = ancestor.name;
    if (ancestor.family) {
      base.family = lower(ancestor.family->family);
      base.family_version = ancestor.family->version.empty()
                                ? base.family
                                : base.family + "-" + ancestor.family->version;
    }
    found.bases.push_back(std::move(base));
  }
  return found;
}

// A base owl reports matches the label when its name (after '/') is a stated
// base's, or its family is the labelled family (with or without the version).
bool matches(const Found::Base& base, const Label& label) {
  for (const auto& stated : label.stated_bases)
    if (short_name(stated) == short_name(base.name)) return true;
  if (label.base_family.empty() || base.family.empty()) return false;
  return base.family_version == label.base_family || base.family == label.base_family ||
         base.family == family_without_version(label.base_family);
}

// floor(100 * part / whole)
int percent(size_t part, size_t whole) {
  return whole == 0 ? 100 : static_cast<int>((100 * part) / whole);
}

TEST(CardSample, RandomSampleMeasuredAgainstHandLabels) {
  const auto labels = read_labels();
  ASSERT_EQ(labels.size(), 200u);

  struct Counts {
    size_t tp = 0, fp = 0, fn = 0;
    std::vector<std::string> fps, fns;
  };
  std::map<std::string, Counts> counts;
  size_t with_stated = 0, stated_found_any = 0, stated_found_match = 0;
  size_t reported = 0, reported_match = 0;
  std::vector<std::string> lineage_misses, lineage_wrong;

  for (const auto& label : labels) {
    const Found found = audit_card(label.card);
    for (const auto& kind : labelled_kinds()) {
      const bool want = label.expected.count(kind) > 0;
      const bool got = found.kinds.count(kind) > 0;
      auto& c = counts[kind];
      if (want && got) ++c.tp;
      if (!want && got) {
        ++c.fp;
        c.fps.push_back(label.card);
      }
      if (want && !got) {
        ++c.fn;
        c.fns.push_back(label.card);
      }
    }
    if (!label.stated_bases.empty()) {
      ++with_stated;
      if (!found.bases.empty()) ++stated_found_any;
      const bool any_match = std::any_of(found.bases.begin(), found.bases.end(),
                                         [&](const auto& base) { return matches(base, label); });
      if (any_match) ++stated_found_match;
      if (found.bases.empty()) lineage_misses.push_back(label.card);
    }
    for (const auto& base : found.bases) {
      ++reported;
      if (matches(base, label))
        ++reported_match;
      else
        lineage_wrong.push_back(label.card + " -> " + base.name);
    }
  }

  auto ratio = [](size_t part, size_t whole) {
    char text[32];
    if (whole == 0) return std::string("n/a");
    std::snprintf(text, sizeof text, "%.3f",
                  static_cast<double>(part) / static_cast<double>(whole));
    return std::string(text);
  };
  std::cout << "CardSample: 200 randomly drawn cards, each audited on its own\n";
  std::cout << "kind                                    TP  FP  FN  precision  recall\n";
  for (const auto& kind : labelled_kinds()) {
    const auto& c = counts[kind];
    char line[160];
    std::snprintf(line, sizeof line, "%-38s %3zu %3zu %3zu  %9s  %6s\n", kind.c_str(), c.tp, c.fp,
                  c.fn, ratio(c.tp, c.tp + c.fp).c_str(), ratio(c.tp, c.tp + c.fn).c_str());
    std::cout << line;
  }
  std::cout << "lineage: " << with_stated << " cards state a base; owl finds a base for "
            << stated_found_any << " (recall " << ratio(stated_found_any, with_stated)
            << "), a matching one for " << stated_found_match << " ("
            << ratio(stated_found_match, with_stated) << ")\n";
  std::cout << "lineage: owl reports " << reported << " depth-1 bases, " << reported_match
            << " match a stated base by name or family (precision "
            << ratio(reported_match, reported) << ")\n";
  for (const auto& kind : labelled_kinds()) {
    const auto& c = counts[kind];
    for (const auto& card : c.fps) std::cout << "  FP " << kind << ": " << card << "\n";
    for (const auto& card : c.fns) std::cout << "  FN " << kind << ": " << card << "\n";
  }
  for (const auto& card : lineage_misses) std::cout << "  lineage missed: " << card << "\n";
  for (const auto& wrong : lineage_wrong) std::cout << "  lineage unmatched: " << wrong << "\n";

  // Floors: measured, rounded down to the percent. Measured;
  // raise, never lower. A kind owl never reports has no precision (printed
  // n/a, counted as 100 here), so its precision floor is 0 until it does.
  struct Floor {
    int precision, recall;
  };
  const std::map<std::string, Floor> floors = {
      {"no-license", {85, 100}},
      {"placeholder-license", {81, 100}},
      {"permissive-label-on-restrictive-base", {0, 0}},
      {"use-restrictions-dropped", {50, 33}},
      {"declarations-disagree", {100, 25}},
      {"required-notice-missing", {100, 100}},
  };
  for (const auto& [kind, floor] : floors) {
    const auto& c = counts[kind];
    EXPECT_GE(percent(c.tp, c.tp + c.fp), floor.precision) << kind << " precision";
    EXPECT_GE(percent(c.tp, c.tp + c.fn), floor.recall) << kind << " recall";
  }
  // Lineage floors (measured; raise, never lower).
  EXPECT_GE(percent(stated_found_any, with_stated), 62) << "lineage recall";
  EXPECT_GE(percent(stated_found_match, with_stated), 59) << "lineage recall (matching base)";
  // 89, not 90: a Hub link to a file in a repo names that repo, so the
  // diffusers conversion ControlNet-1-1-preview/control_v11p_sd15_lineart
  // now reports lllyasviel/ControlNet-v1-1, true, where the label has SD 1.5.
  EXPECT_GE(percent(reported_match, reported), 89) << "lineage precision";
}

}  // namespace
}  // namespace owl
