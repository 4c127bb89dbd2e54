// An Assessment as JSON. Field by field in docs/json-output.md.
#include "assessment_json.h"

namespace owl::detail {

namespace {

void write(JsonWriter& json, const Evidence& evidence) {
  json.begin_object()
      .field("file", evidence.source.file)
      .field("where", evidence.source.where)
      .field("quote", evidence.quote)
      .end_object();
}

void write(JsonWriter& json, const std::vector<Evidence>& list) {
  json.begin_array();
  for (const auto& evidence : list) write(json, evidence);
  json.end_array();
}

void tier_or_null(JsonWriter& json, const LicenseFacts* facts) {
  if (facts)
    json.value(to_string(facts->tier));
  else
    json.null();
}

void write(JsonWriter& json, const LicenseClaim& claim) {
  json.begin_object()
      .field("origin", to_string(claim.origin))
      .field("written", claim.written)
      .field_or_null("id", claim.id);
  tier_or_null(json.key("tier"), claim.facts);
  json.field("placeholder", claim.placeholder);
  write(json.key("evidence"), claim.evidence);
  json.end_object();
}

void write(JsonWriter& json, const Ancestor& ancestor) {
  json.begin_object()
      .field("name", ancestor.name)
      .field("relation", to_string(ancestor.relation))
      .field("via", ancestor.via)
      .field("confidence", to_string(ancestor.confidence))
      .field("depth", ancestor.depth)
      .key("family");
  if (ancestor.family)
    json.begin_object()
        .field("family", ancestor.family->family)
        .field("version", ancestor.family->version)
        .end_object();
  else
    json.null();
  json.field_or_null("license_id", ancestor.license_id);
  tier_or_null(json.key("license_tier"), ancestor.facts);
  json.field("license_basis", ancestor.license_basis);
  write(json.key("evidence"), ancestor.evidence);
  json.end_object();
}

void write(JsonWriter& json, const Terms& terms) {
  json.begin_object().field_or_null("id", terms.id).key("name");
  if (terms.facts)
    json.value(terms.facts->name);
  else
    json.null();
  tier_or_null(json.key("tier"), terms.facts);
  json.field("inherited", terms.inherited)
      .field("strength", to_string(terms.strength))
      .field("why", terms.why);
  write(json.key("evidence"), terms.evidence);
  json.end_object();
}

void write(JsonWriter& json, const Citation& cite) {
  json.begin_object()
      .field("license_id", cite.license_id)
      .field("license_name", cite.license_name)
      .field("section", cite.section)
      .end_object();
}

void write(JsonWriter& json, const UseVerdict& use) {
  json.begin_object()
      .field("profile", use.profile)
      .field("permission", to_string(use.permission))
      .key("reasons")
      .begin_array();
  for (const auto& reason : use.reasons) {
    json.begin_object()
        .field("effect", to_string(reason.effect))
        .field("kind", to_string(reason.kind))
        .field("strength", to_string(reason.strength))
        .field("text", reason.text);
    write(json.key("cite"), reason.cite);
    json.end_object();
  }
  json.end_array().key("duties").begin_array();
  for (const auto& duty : use.duties) {
    json.begin_object().field("action", duty.action);
    write(json.key("cite"), duty.cite);
    json.end_object();
  }
  json.end_array().end_object();
}

void write(JsonWriter& json, const Openness& openness) {
  json.begin_object().key("components").begin_array();
  for (const auto& item : openness.components) {
    json.begin_object()
        .field("component", to_string(item.component))
        .field("present", item.present)
        .field("how", item.how);
    write(json.key("evidence"), item.evidence);
    json.end_object();
  }
  json.end_array().key("mof_class");
  if (openness.mof_class == 0)
    json.null();
  else
    json.value(openness.mof_class);
  json.field("mof_missing", openness.mof_missing).key("osaid").begin_array();
  for (const auto& item : openness.osaid)
    json.begin_object()
        .field("requirement", item.requirement)
        .field("met", item.met)
        .field("why", item.why)
        .end_object();
  json.end_array().field("osaid_met", openness.osaid_met).end_object();
}

}  // namespace

void write_assessment(JsonWriter& json, const Assessment& a) {
  json.begin_object().key("claims").begin_array();
  for (const auto& claim : a.claims) write(json, claim);
  json.end_array().field("declared", a.declared).key("declared_tier");
  if (a.declared_tier)
    json.value(to_string(*a.declared_tier));
  else
    json.null();
  json.key("lineage").begin_array();
  for (const auto& ancestor : a.lineage) write(json, ancestor);
  json.end_array().key("effective").begin_array();
  for (const auto& terms : a.effective) write(json, terms);
  json.end_array()
      .field("effective_tier", to_string(a.effective_tier))
      .field("more_permissive_label", a.more_permissive_label)
      .key("conflicts")
      .begin_array();
  for (const auto& conflict : a.conflicts) {
    json.begin_object()
        .field("kind", to_string(conflict.kind))
        .field("severity", to_string(conflict.severity))
        .field("message", conflict.message);
    write(json.key("evidence"), conflict.evidence);
    json.end_object();
  }
  json.end_array().key("use");
  if (a.use)
    write(json, *a.use);
  else
    json.null();
  write(json.key("openness"), a.openness);
  json.end_object();
}

}  // namespace owl::detail
