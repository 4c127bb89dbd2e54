// The terms read from a licence text, as JSON and as text lines, shared by
// `owl identify` and `owl scan --json`.
#include <fmt/format.h>

#include "identification_json.h"
#include "owl/units.h"

namespace owl::detail {

namespace {

void write_clause(JsonWriter& json, const TermClause& clause) {
  json.begin_object()
      .field("quote", clause.quote)
      .field("line", clause.line)
      .field("section", clause.section)
      .field("place", clause.place())
      .end_object();
}

void write_stated(JsonWriter& json, const std::optional<StatedTerm>& term) {
  if (term)
    write_clause(json, term->clause);
  else
    json.null();
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

void write_terms(JsonWriter& json, const ReadLicenseTerms& terms) {
  json.begin_object().field("commercial", to_string(terms.commercial)).key("commercial_clause");
  if (terms.commercial_clause)
    write_clause(json, *terms.commercial_clause);
  else
    json.null();
  json.key("thresholds").begin_array();
  for (const auto& t : terms.thresholds) {
    json.begin_object()
        .field("metric", to_string(t.metric))
        .field("value", t.value)
        .field("currency", t.currency)
        .field("effect", to_string(t.effect));
    write_clause(json.key("clause"), t.clause);
    json.end_object();
  }
  json.end_array().key("territory_exclusions").begin_array();
  for (const auto& t : terms.territories) {
    json.begin_object().field("excluded", t.excluded);
    write_clause(json.key("clause"), t.clause);
    json.end_object();
  }
  json.end_array();
  write_stated(json.key("outputs_may_not_train_models"), terms.outputs_may_not_train_models);
  write_stated(json.key("outputs_not_for_commercial_use"), terms.outputs_not_for_commercial_use);
  json.key("duties").begin_array();
  for (const auto& d : terms.duties) {
    json.begin_object().field("kind", to_string(d.kind)).field("detail", d.detail);
    write_clause(json.key("clause"), d.clause);
    json.end_object();
  }
  json.end_array();
  write_stated(json.key("use_restrictions"), terms.use_restrictions);
  json.field("restrictions_flow_down", terms.restrictions_flow_down);
  write_stated(json.key("revocable"), terms.revocable);
  write_stated(json.key("remote_restriction"), terms.remote_restriction);
  json.field("governing_law", terms.governing_law).field("licensor", terms.licensor).end_object();
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
