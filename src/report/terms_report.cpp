// The terms read from a licence text, as JSON and as text lines, shared by
// `owl identify` and `owl scan --json`.
#include <fmt/format.h>

#include "identification_json.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

using nlohmann::ordered_json;

ordered_json clause_json(const TermClause& clause) {
  return {{"quote", clause.quote},
          {"line", clause.line},
          {"section", clause.section},
          {"place", clause.place()}};
}

ordered_json stated(const std::optional<StatedTerm>& term) {
  return term ? clause_json(term->clause) : ordered_json(nullptr);
}

std::string amount(const ReadThreshold& threshold) {
  std::string value = fmt::format("{:g}", threshold.value);
  for (auto [scale, suffix] : {std::pair{1e9, "B"}, std::pair{1e6, "M"}, std::pair{1e3, "K"}})
    if (threshold.value >= scale) {
      value = fmt::format("{:g}{}", threshold.value / scale, suffix);
      break;
    }
  return threshold.currency.empty() ? value : threshold.currency + " " + value;
}

}  // namespace

ordered_json terms_tree(const ReadLicenseTerms& terms) {
  ordered_json thresholds = ordered_json::array();
  for (const auto& t : terms.thresholds)
    thresholds.push_back({{"metric", to_string(t.metric)},
                          {"value", t.value},
                          {"currency", t.currency},
                          {"effect", to_string(t.effect)},
                          {"clause", clause_json(t.clause)}});
  ordered_json territories = ordered_json::array();
  for (const auto& t : terms.territories)
    territories.push_back({{"excluded", t.excluded}, {"clause", clause_json(t.clause)}});
  ordered_json duties = ordered_json::array();
  for (const auto& d : terms.duties)
    duties.push_back(
        {{"kind", to_string(d.kind)}, {"detail", d.detail}, {"clause", clause_json(d.clause)}});
  return {
      {"commercial", to_string(terms.commercial)},
      {"commercial_clause",
       terms.commercial_clause ? clause_json(*terms.commercial_clause) : ordered_json(nullptr)},
      {"thresholds", thresholds},
      {"territory_exclusions", territories},
      {"outputs_may_not_train_models", stated(terms.outputs_may_not_train_models)},
      {"outputs_not_for_commercial_use", stated(terms.outputs_not_for_commercial_use)},
      {"duties", duties},
      {"use_restrictions", stated(terms.use_restrictions)},
      {"restrictions_flow_down", terms.restrictions_flow_down},
      {"revocable", stated(terms.revocable)},
      {"remote_restriction", stated(terms.remote_restriction)},
      {"governing_law", terms.governing_law},
      {"licensor", terms.licensor},
  };
}

std::vector<std::string> terms_lines(const ReadLicenseTerms& terms) {
  std::vector<std::string> lines;
  const auto at = [](const TermClause& c) { return fmt::format("  [{}]", c.place()); };
  lines.push_back(fmt::format("commercial use: {}{}", to_string(terms.commercial),
                              terms.commercial_clause ? at(*terms.commercial_clause) : ""));
  if (terms.commercial_clause)
    lines.push_back(fmt::format("  “{}”", one_line(terms.commercial_clause->quote, 150)));
  for (const auto& t : terms.thresholds)
    lines.push_back(fmt::format("threshold: {} {} ({}){}", amount(t), to_string(t.metric),
                                to_string(t.effect), at(t.clause)));
  for (const auto& t : terms.territories)
    lines.push_back(
        fmt::format("does not apply in: {}{}", fmt::join(t.excluded, ", "), at(t.clause)));
  if (terms.outputs_may_not_train_models)
    lines.push_back("outputs may not train other models" +
                    at(terms.outputs_may_not_train_models->clause));
  if (terms.outputs_not_for_commercial_use)
    lines.push_back("outputs not for commercial use" +
                    at(terms.outputs_not_for_commercial_use->clause));
  for (const auto& d : terms.duties)
    lines.push_back(fmt::format("duty: {}{}{}", to_string(d.kind),
                                d.detail.empty() ? "" : " “" + d.detail + "”", at(d.clause)));
  if (terms.use_restrictions)
    lines.push_back(fmt::format("use restrictions{}{}",
                                terms.restrictions_flow_down ? " (flow down to recipients)" : "",
                                at(terms.use_restrictions->clause)));
  if (terms.revocable) lines.push_back("revocable" + at(terms.revocable->clause));
  if (terms.remote_restriction)
    lines.push_back("remote restriction" + at(terms.remote_restriction->clause));
  if (!terms.governing_law.empty()) lines.push_back("governing law: " + terms.governing_law);
  if (!terms.licensor.empty()) lines.push_back("licensor: " + terms.licensor);
  return lines;
}

}  // namespace owl::detail
