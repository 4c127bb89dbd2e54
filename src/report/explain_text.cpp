// `owl explain ID`: one licence's knowledge-base row in plain words, grouped
// by what a user asks first (may I? what must I do? what may I not do?), and
// the same facts as JSON. Every line names the clause it comes from.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "explain_words.h"
#include "owl/knowledge.h"
#include "owl/report.h"
#include "painter.h"

namespace owl {

namespace {

using detail::threshold_words;

std::string cite(const std::string& section) {
  return section.empty() ? std::string() : fmt::format("  [{}]", section);
}

void facts_block(std::string& out, const char* heading, const std::vector<Fact>& facts) {
  if (facts.empty()) return;
  out += fmt::format("  {}:\n", heading);
  for (const auto& fact : facts) out += fmt::format("    - {}{}\n", fact.text, cite(fact.section));
}

void valued_line(std::string& out, const char* label, const ValuedFact& fact) {
  if (fact.value.empty()) return;
  out += fmt::format("  {}: {}{}{}\n", label, fact.value,
                     fact.detail.empty() ? "" : " — " + fact.detail, cite(fact.section));
}

void may_block(std::string& out, const LicenseFacts& facts) {
  out += "\nWhat you may do\n";
  valued_line(out, "Commercial use", facts.commercial_use);
  valued_line(out, "Patent grant", facts.patent_grant);
  facts_block(out, "Outputs", facts.outputs);
}

void must_block(std::string& out, const LicenseFacts& facts) {
  if (facts.attribution.empty() && facts.naming.empty() && facts.redistribution.empty() &&
      facts.copyleft.value.empty())
    return;
  out += "\nWhat you must do\n";
  facts_block(out, "Attribution and notices", facts.attribution);
  facts_block(out, "Naming", facts.naming);
  facts_block(out, "When you redistribute", facts.redistribution);
  valued_line(out, "Copyleft / share-alike", facts.copyleft);
}

void may_not_block(std::string& out, const LicenseFacts& facts) {
  const UseRestrictions& use = facts.use_restrictions;
  if (!use.present && facts.regions.empty() && facts.revocation.empty()) return;
  out += "\nWhat you may not do, and what can change\n";
  if (use.present)
    out += fmt::format(
        "  Use restrictions: yes{}{}; {}{}\n", use.policy.empty() ? "" : ", policy " + use.policy,
        use.detail.empty() ? "" : " — " + use.detail,
        use.flows_down ? "they flow down to derivatives and recipients" : "they bind you only",
        cite(use.section));
  for (const auto& region : facts.regions)
    out += fmt::format("  Not licensed in {}: {}{}\n", fmt::join(region.excluded, ", "),
                       region.scope, cite(region.section));
  facts_block(out, "Revocation and remote restriction", facts.revocation);
}

void thresholds_block(std::string& out, const LicenseFacts& facts) {
  if (facts.thresholds.empty()) return;
  out += "\nThresholds\n";
  for (const auto& threshold : facts.thresholds)
    out += fmt::format("  {}{}: {}{}\n", threshold_words(threshold),
                       threshold.measured.empty() ? "" : " (" + threshold.measured + ")",
                       threshold.consequence, cite(threshold.section));
}

nlohmann::ordered_json facts_json(const std::vector<Fact>& facts) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& fact : facts) out.push_back({{"text", fact.text}, {"section", fact.section}});
  return out;
}

nlohmann::ordered_json valued_json(const ValuedFact& fact) {
  if (fact.value.empty()) return nullptr;
  return {{"value", fact.value}, {"detail", fact.detail}, {"section", fact.section}};
}

}  // namespace

std::string explain_text(const LicenseFacts& facts, const TextStyle& style) {
  std::string out = fmt::format("{}  ({})\n", facts.name, facts.id);
  out += fmt::format("  Family {}, version {}; tier: {}\n", facts.family, facts.version,
                     to_string(facts.tier));
  out += fmt::format("  {}\n", facts.summary);
  may_block(out, facts);
  must_block(out, facts);
  may_not_block(out, facts);
  thresholds_block(out, facts);
  if (!facts.other.empty()) {
    out += "\nAlso\n";
    facts_block(out, "Other terms", facts.other);
  }
  out += "\nWhere this comes from\n";
  valued_line(out, "Governing law", facts.governing_law);
  if (!facts.source.url.empty()) out += fmt::format("  Text: {}\n", facts.source.url);
  if (!facts.source.corpus.empty())
    out += fmt::format("  Checked against: ../shared/corpus/licenses/{}\n", facts.source.corpus);
  if (!facts.verified)
    out += "  Not verified against a licence text owl holds; summarised from the publisher.\n";
  out += "  Bracketed references are clauses of that text. This is not legal advice.\n";
  return detail::render_terminal(out, style.color, style.width);
}

std::string explain_json(const LicenseFacts& facts) {
  nlohmann::ordered_json thresholds = nlohmann::ordered_json::array();
  for (const auto& t : facts.thresholds)
    thresholds.push_back({{"metric", t.metric},
                          {"value", t.value},
                          {"measured", t.measured},
                          {"consequence", t.consequence},
                          {"section", t.section}});
  nlohmann::ordered_json regions = nlohmann::ordered_json::array();
  for (const auto& r : facts.regions)
    regions.push_back({{"excluded", r.excluded}, {"scope", r.scope}, {"section", r.section},
                       {"models", r.only_multimodal ? "multimodal" : "all"}});
  const UseRestrictions& use = facts.use_restrictions;
  nlohmann::ordered_json doc = {
      {"schema", "owl.explain/1"},
      {"id", facts.id},
      {"name", facts.name},
      {"family", facts.family},
      {"version", facts.version},
      {"kind", facts.kind},
      {"aliases", facts.aliases},
      {"tier", std::string(to_string(facts.tier))},
      {"summary", facts.summary},
      {"source", {{"url", facts.source.url}, {"corpus", facts.source.corpus}}},
      {"verified", facts.verified},
      {"commercial_use", valued_json(facts.commercial_use)},
      {"patent_grant", valued_json(facts.patent_grant)},
      {"copyleft", valued_json(facts.copyleft)},
      {"use_restrictions",
       {{"present", use.present},
        {"policy", use.policy},
        {"flows_down", use.flows_down},
        {"detail", use.detail},
        {"section", use.section}}},
      {"attribution", facts_json(facts.attribution)},
      {"naming", facts_json(facts.naming)},
      {"outputs", facts_json(facts.outputs)},
      {"redistribution", facts_json(facts.redistribution)},
      {"revocation", facts_json(facts.revocation)},
      {"thresholds", thresholds},
      {"regions", regions},
      {"governing_law", valued_json(facts.governing_law)},
      {"other", facts_json(facts.other)},
  };
  return doc.dump(2);
}

}  // namespace owl
