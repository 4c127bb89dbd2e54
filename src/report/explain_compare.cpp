// `owl explain A B` (two licences side by side, a row per question a user
// asks) and `owl explain --list` (every licence owl knows).
#include <fmt/format.h>

#include <sstream>

#include "explain_words.h"
#include "owl/knowledge.h"
#include "owl/report.h"
#include "owl/text.h"
#include "painter.h"

namespace owl {

namespace detail {

namespace {

std::string number(double value) {
  if (value >= 1e9 && static_cast<long long>(value) % 1000000000 == 0)
    return fmt::format("{} billion", static_cast<long long>(value / 1e9));
  if (value >= 1e6 && static_cast<long long>(value) % 1000000 == 0)
    return fmt::format("{} million", static_cast<long long>(value / 1e6));
  return fmt::format("{}", static_cast<long long>(value));
}

}  // namespace

std::string threshold_words(const Threshold& threshold) {
  if (threshold.metric == "monthly_active_users")
    return fmt::format("more than {} monthly active users", number(threshold.value));
  if (threshold.metric == "monthly_revenue_usd")
    return fmt::format("more than US${} monthly revenue", number(threshold.value));
  return fmt::format("more than US${} annual revenue", number(threshold.value));
}

}  // namespace detail

namespace {

std::string valued(const ValuedFact& fact) {
  if (fact.value.empty()) return "-";
  return fact.detail.empty() ? fact.value : fact.value + " — " + fact.detail;
}

std::string listed(const std::vector<Fact>& facts) {
  if (facts.empty()) return "-";
  std::string out;
  for (const auto& fact : facts) out += (out.empty() ? "" : "; ") + fact.text;
  return out;
}

std::string thresholds(const LicenseFacts& facts) {
  if (facts.thresholds.empty()) return "none";
  std::string out;
  for (const auto& threshold : facts.thresholds)
    out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", detail::threshold_words(threshold),
                       threshold.consequence);
  return out;
}

std::string regions(const LicenseFacts& facts) {
  if (facts.regions.empty()) return "no exclusions";
  std::string out;
  for (const auto& region : facts.regions)
    out += fmt::format("{}not licensed in {}: {}", out.empty() ? "" : "; ",
                       fmt::join(region.excluded, ", "), region.scope);
  return out;
}

std::string use_restrictions(const UseRestrictions& use) {
  if (!use.present) return "none";
  std::string out = "yes";
  if (!use.policy.empty()) out += ", policy " + use.policy;
  out += use.flows_down ? "; they flow down to derivatives" : "; they bind you only";
  return out;
}

std::string duties(const LicenseFacts& facts) {
  std::vector<Fact> all = facts.attribution;
  all.insert(all.end(), facts.naming.begin(), facts.naming.end());
  all.insert(all.end(), facts.redistribution.begin(), facts.redistribution.end());
  return listed(all);
}

struct Row {
  const char* label;
  std::string (*cell)(const LicenseFacts&);
};

constexpr size_t kLabelWidth = 18;

const Row kRows[] = {
    {"Tier", [](const LicenseFacts& f) { return std::string(to_string(f.tier)); }},
    {"Commercial use", [](const LicenseFacts& f) { return valued(f.commercial_use); }},
    {"Thresholds", thresholds},
    {"Regions", regions},
    {"Use restrictions",
     [](const LicenseFacts& f) { return use_restrictions(f.use_restrictions); }},
    {"Duties", duties},
    {"Outputs", [](const LicenseFacts& f) { return listed(f.outputs); }},
    {"Copyleft", [](const LicenseFacts& f) { return valued(f.copyleft); }},
    {"Patent grant", [](const LicenseFacts& f) { return valued(f.patent_grant); }},
    {"Revocation", [](const LicenseFacts& f) { return listed(f.revocation); }},
};

// Words of `text` in lines of at most `width` display columns (a longer
// word is cut).
std::vector<std::string> fill(const std::string& text, size_t width) {
  std::vector<std::string> lines(1);
  size_t column = 0;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    const size_t length = display_width(word);
    if (column > 0 && column + 1 + length > width) {
      lines.emplace_back();
      column = 0;
    }
    if (column > 0) lines.back() += ' ', ++column;
    lines.back() += word;
    column += length;
  }
  return lines;
}

std::string padded(const std::string& text, size_t width) {
  const size_t shown = display_width(text);
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

}  // namespace

std::string explain_compare_text(const LicenseFacts& left, const LicenseFacts& right,
                                 const TextStyle& style) {
  const detail::Painter p{style.color};
  const size_t width = std::max<size_t>(style.width == 0 ? 120 : style.width, 40);
  const size_t column = (width - kLabelWidth - 2) / 2;
  std::string out;
  const auto row = [&](const std::string& label, const std::string& a, const std::string& b,
                       bool bold) {
    const auto a_lines = fill(a, column);
    const auto b_lines = fill(b, column);
    for (size_t i = 0; i < std::max(a_lines.size(), b_lines.size()); ++i) {
      std::string line = padded(i == 0 ? label : "", kLabelWidth);
      line += padded(i < a_lines.size() ? a_lines[i] : "", column) + "  ";
      line += i < b_lines.size() ? b_lines[i] : "";
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += (bold && i == 0 ? p.bold(line) : line) + "\n";
    }
  };
  row("", left.name, right.name, true);
  row("", left.id, right.id, false);
  for (const auto& entry : kRows) row(entry.label, entry.cell(left), entry.cell(right), false);
  out += "Bracketed clauses and the full facts: owl explain ID. This is not legal advice.\n";
  return detail::render_terminal(out, style.color, style.width);
}

std::string explain_list_text(const KnowledgeBase& base, const TextStyle& style) {
  const detail::Painter p{style.color};
  std::string out;
  for (int tier = 0; tier <= static_cast<int>(Tier::kProprietaryOrUnknown); ++tier) {
    std::string lines;
    size_t count = 0;
    for (const auto& facts : base.entries()) {
      if (static_cast<int>(facts.tier) != tier) continue;
      lines += fmt::format("  {}  {}\n", facts.id, facts.name);
      ++count;
    }
    if (count == 0) continue;
    out += p.bold(fmt::format("{} ({})", to_string(static_cast<Tier>(tier)), count)) + "\n" + lines;
  }
  return detail::render_terminal(out, style.color, style.width);
}

}  // namespace owl
