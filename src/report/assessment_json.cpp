// An Assessment as JSON. Field by field in docs/json-output.md.
#include "assessment_json.h"

namespace owl::detail {

namespace {

using nlohmann::ordered_json;

ordered_json to_json(const Evidence& evidence) {
  return {
      {"file", evidence.source.file}, {"where", evidence.source.where}, {"quote", evidence.quote}};
}

ordered_json evidence_list(const std::vector<Evidence>& list) {
  ordered_json out = ordered_json::array();
  for (const auto& evidence : list) out.push_back(to_json(evidence));
  return out;
}

ordered_json tier_or_null(const LicenseFacts* facts) {
  return facts ? ordered_json(std::string(to_string(facts->tier))) : ordered_json(nullptr);
}

ordered_json to_json(const LicenseClaim& claim) {
  return {{"origin", to_string(claim.origin)},
          {"written", claim.written},
          {"id", claim.id.empty() ? ordered_json(nullptr) : ordered_json(claim.id)},
          {"tier", tier_or_null(claim.facts)},
          {"placeholder", claim.placeholder},
          {"evidence", to_json(claim.evidence)}};
}

ordered_json to_json(const Ancestor& ancestor) {
  ordered_json family = nullptr;
  if (ancestor.family)
    family = {{"family", ancestor.family->family}, {"version", ancestor.family->version}};
  return {{"name", ancestor.name},
          {"relation", to_string(ancestor.relation)},
          {"via", ancestor.via},
          {"confidence", to_string(ancestor.confidence)},
          {"depth", ancestor.depth},
          {"family", family},
          {"license_id",
           ancestor.license_id.empty() ? ordered_json(nullptr) : ordered_json(ancestor.license_id)},
          {"license_tier", tier_or_null(ancestor.facts)},
          {"license_basis", ancestor.license_basis},
          {"evidence", to_json(ancestor.evidence)}};
}

ordered_json to_json(const Terms& terms) {
  return {{"id", terms.id.empty() ? ordered_json(nullptr) : ordered_json(terms.id)},
          {"name", terms.facts ? ordered_json(terms.facts->name) : ordered_json(nullptr)},
          {"tier", tier_or_null(terms.facts)},
          {"inherited", terms.inherited},
          {"strength", to_string(terms.strength)},
          {"why", terms.why},
          {"evidence", to_json(terms.evidence)}};
}

ordered_json to_json(const Citation& cite) {
  return {{"license_id", cite.license_id},
          {"license_name", cite.license_name},
          {"section", cite.section}};
}

ordered_json to_json(const UseVerdict& use) {
  ordered_json reasons = ordered_json::array();
  for (const auto& reason : use.reasons)
    reasons.push_back({{"effect", to_string(reason.effect)},
                       {"kind", to_string(reason.kind)},
                       {"strength", to_string(reason.strength)},
                       {"text", reason.text},
                       {"cite", to_json(reason.cite)}});
  ordered_json duties = ordered_json::array();
  for (const auto& duty : use.duties)
    duties.push_back({{"action", duty.action}, {"cite", to_json(duty.cite)}});
  return {{"profile", use.profile},
          {"permission", to_string(use.permission)},
          {"reasons", reasons},
          {"duties", duties}};
}

ordered_json to_json(const Openness& openness) {
  ordered_json components = ordered_json::array();
  for (const auto& item : openness.components)
    components.push_back({{"component", to_string(item.component)},
                          {"present", item.present},
                          {"how", item.how},
                          {"evidence", evidence_list(item.evidence)}});
  ordered_json osaid = ordered_json::array();
  for (const auto& item : openness.osaid)
    osaid.push_back({{"requirement", item.requirement}, {"met", item.met}, {"why", item.why}});
  return {{"components", components},
          {"mof_class",
           openness.mof_class == 0 ? ordered_json(nullptr) : ordered_json(openness.mof_class)},
          {"mof_missing", openness.mof_missing},
          {"osaid", osaid},
          {"osaid_met", openness.osaid_met}};
}

}  // namespace

ordered_json assessment_json(const Assessment& a) {
  ordered_json claims = ordered_json::array();
  for (const auto& claim : a.claims) claims.push_back(to_json(claim));
  ordered_json lineage = ordered_json::array();
  for (const auto& ancestor : a.lineage) lineage.push_back(to_json(ancestor));
  ordered_json effective = ordered_json::array();
  for (const auto& terms : a.effective) effective.push_back(to_json(terms));
  ordered_json conflicts = ordered_json::array();
  for (const auto& conflict : a.conflicts)
    conflicts.push_back({{"kind", to_string(conflict.kind)},
                         {"severity", to_string(conflict.severity)},
                         {"message", conflict.message},
                         {"evidence", evidence_list(conflict.evidence)}});
  return {{"claims", claims},
          {"declared", a.declared},
          {"declared_tier", a.declared_tier ? ordered_json(std::string(to_string(*a.declared_tier)))
                                            : ordered_json(nullptr)},
          {"lineage", lineage},
          {"effective", effective},
          {"effective_tier", std::string(to_string(a.effective_tier))},
          {"more_permissive_label", a.more_permissive_label},
          {"conflicts", conflicts},
          {"use", a.use ? to_json(*a.use) : ordered_json(nullptr)},
          {"openness", to_json(a.openness)}};
}

}  // namespace owl::detail
