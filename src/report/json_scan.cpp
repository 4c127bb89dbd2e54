// JSON printer for `owl scan --json`. Field by field in docs/json-output.md;
// bump kScanSchema when a field changes meaning or disappears.
#include <fmt/format.h>

#include <sstream>

#include "assessment_json.h"
#include "identification_json.h"
#include "owl/report.h"
#include "owl/version.h"

namespace owl {

namespace {

using detail::JsonWriter;

constexpr const char* kScanSchema = "owl.scan/1";

void write(JsonWriter& json, const Source& source) {
  json.begin_object().field("file", source.file).field("where", source.where).end_object();
}

void write(JsonWriter& json, const Error& error) {
  json.begin_object()
      .field("kind", to_string(error.kind()))
      .field("rule", error.rule())
      .field("file", error.file())
      .field("offset", error.offset())
      .field("detail", error.detail())
      .field("message", error.message())
      .end_object();
}

void write(JsonWriter& json, const PickleSites& sites) {
  json.begin_object().key("globals").begin_array();
  for (const auto& [member, import] : sites.globals)
    json.begin_object()
        .field("member", member)
        .field("global", import.module + "." + import.name)
        .field("opcode", import.opcode)
        .field("offset", import.offset)
        .field("called", import.called)
        .field("nested_in", import.nested_in)
        .field("after_fault", import.after_fault)
        .field("safety", to_string(import.safety))
        .end_object();
  json.end_array().key("calls").begin_array();
  for (const auto& [member, call] : sites.calls)
    json.begin_object()
        .field("member", member)
        .field("opcode", call.opcode)
        .field("offset", call.offset)
        .field_or_null("callable", call.callable)
        .end_object();
  json.end_array().field("calls_not_recorded", sites.calls_not_recorded).end_object();
}

void write(JsonWriter& json, const Artifact& artifact) {
  json.begin_object()
      .field("path", artifact.path)
      .field("format", to_string(artifact.format))
      .field("size_bytes", artifact.size_bytes)
      .field("parameter_count", artifact.parameter_count)
      .field("tensor_count", artifact.tensor_count)
      .field("tensor_types", artifact.tensor_types)
      .field("architecture", artifact.architecture)
      .field("sha256", artifact.sha256)
      .key("recorded_sha256");
  if (artifact.recorded_sha256) {
    json.begin_object().field("value", *artifact.recorded_sha256);
    write(json.key("source"), *artifact.recorded_sha256_source);
    json.end_object();
  } else {
    json.null();
  }
  json.key("safety");
  if (artifact.safety)
    json.value(to_string(*artifact.safety));
  else
    json.null();
  json.field("safety_findings", artifact.safety_findings).key("pickle");
  if (artifact.pickle_sites)
    write(json, *artifact.pickle_sites);
  else
    json.null();
  json.field("notes", artifact.notes).field("warnings", artifact.warnings).key("error");
  if (artifact.error)
    write(json, *artifact.error);
  else
    json.null();
  json.end_object();
}

void write(JsonWriter& json, const Document& document, const std::vector<DocumentMatch>& matches) {
  // Two matches for one path: the last one's identification, and the last
  // terms any of them read.
  const Identification* identification = nullptr;
  const ReadLicenseTerms* terms = nullptr;
  for (const auto& match : matches)
    if (match.path == document.path) {
      identification = &match.identification;
      if (match.terms) terms = &*match.terms;
    }
  json.begin_object()
      .field("path", document.path)
      .field("kind", to_string(document.kind))
      .field("size_bytes", document.size_bytes)
      .key("identification");
  if (identification)
    detail::write_identification(json, *identification);
  else
    json.null();
  json.key("terms");
  if (terms)
    detail::write_terms(json, *terms);
  else
    json.null();
  json.field("warnings", document.warnings).key("error");
  if (document.error)
    write(json, *document.error);
  else
    json.null();
  json.end_object();
}

// The licence a Hub `license:` id or GGUF general.license names, when owl
// knows it; null for names, links and ids such as "other".
void write_resolved_id(JsonWriter& json, const LicenseDeclaration& declaration) {
  if (declaration.field == DeclarationField::kLicense) {
    const HubLicense hub = map_hub_license(declaration.value);
    if (!hub.owl_id.empty()) {
      json.value(hub.owl_id);
      return;
    }
    if (!hub.expression.empty()) {
      json.value(hub.expression);
      return;
    }
  }
  json.null();
}

void write_declared(JsonWriter& json, const Release& release) {
  json.begin_object().key("licenses").begin_array();
  for (const auto& license : release.licenses) {
    json.begin_object().field("field", to_string(license.field)).field("value", license.value);
    write_resolved_id(json.key("resolved_id"), license);
    write(json.key("source"), license.source);
    json.end_object();
  }
  json.end_array().key("base_models").begin_array();
  for (const auto& base : release.base_models) {
    json.begin_object()
        .field("name", base.name)
        .field("relation", base.relation == BaseRelation::kDerived ? "" : to_string(base.relation));
    write(json.key("source"), base.source);
    json.end_object();
  }
  json.end_array().key("datasets").begin_array();
  for (const auto& dataset : release.datasets) {
    json.begin_object().field("name", dataset.name);
    write(json.key("source"), dataset.source);
    json.end_object();
  }
  json.end_array().field("gating", release.gating).end_object();
}

void write_prose(JsonWriter& json, const std::string& card_path,
                 const std::vector<ProseLineage>& claims) {
  json.begin_array();
  for (const auto& claim : claims) {
    const auto family = resolve_family(claim.base);
    json.begin_object()
        .field("base", claim.base)
        .field("relation", to_string(claim.relation))
        .field("confidence", to_string(claim.confidence))
        .key("family");
    if (family)
      json.value(family->family);
    else
      json.null();
    json.key("family_version");
    if (family && !family->version.empty())
      json.value(family->version);
    else
      json.null();
    json.field("sentence", claim.sentence)
        .key("source")
        .begin_object()
        .field("file", card_path)
        .field("where", fmt::format("line {}", claim.line))
        .end_object()
        .end_object();
  }
  json.end_array();
}

void write(JsonWriter& json, const Summary& summary) {
  json.begin_array();
  for (const auto& item : summary.items) {
    json.begin_object()
        .field("topic", to_string(item.topic))
        .field("determined", item.determined)
        .field("statement", item.statement)
        .key("evidence")
        .begin_array();
    for (const auto& source : item.evidence) write(json, source);
    json.end_array().end_object();
  }
  json.end_array();
}

// What the Hub API said of a release read over HTTP; null for local files.
void write(JsonWriter& json, const std::optional<HubRecord>& hub) {
  if (!hub) {
    json.null();
    return;
  }
  json.begin_object()
      .field("repo", hub->repo)
      .field("commit", hub->commit)
      .field("requested", hub->requested)
      .field("created_at", hub->created_at)
      .field("last_modified", hub->last_modified)
      .field("gated", hub->gated)
      .field("private", hub->is_private)
      .field("pipeline_tag", hub->pipeline_tag)
      .field("library_name", hub->library_name)
      .field("tags", hub->tags)
      .end_object();
}

void write(JsonWriter& json, const ReleaseAudit& audit) {
  const Release& release = audit.release;
  json.begin_object()
      .field("name", release.name)
      .field("root", release.root)
      .field("kind", to_string(release.kind))
      .field("layout", to_string(release.layout))
      .field("revision", release.revision);
  write(json.key("hub"), release.hub);
  json.field("parameter_count", release.parameter_count()).key("artifacts").begin_array();
  for (const auto& artifact : release.artifacts) write(json, artifact);
  json.end_array().key("documents").begin_array();
  for (const auto& document : release.documents) write(json, document, audit.matches);
  json.end_array();
  write_declared(json.key("declared"), release);
  write_prose(json.key("prose_lineage"), release.card_path, audit.card.lineage);
  write(json.key("summary"), audit.summary);
  detail::write_assessment(json.key("assessment"), audit.assessment);
  json.key("problems").begin_array();
  for (const auto& problem : release.problems) write(json, problem);
  json.end_array().end_object();
}

}  // namespace

std::string error_json(const Error& error) {
  std::string text;
  JsonWriter json(text, -1);
  write(json, error);
  return text;
}

std::string scan_json_release(const ReleaseAudit& audit) {
  std::string text(4, ' ');
  JsonWriter json(text, 2, 4);
  write(json, audit);
  return text;
}

std::string scan_jsonl_line(const ReleaseAudit& audit) {
  std::string text;
  JsonWriter json(text, -1);
  write(json, audit);
  text.push_back('\n');
  return text;
}

ScanJsonWriter::ScanJsonWriter(std::ostream& out) : out_(out) {
  // The opening by hand: the releases follow as they come.
  std::string head = "{\n  \"schema\": ";
  detail::append_json_string(head, kScanSchema);
  head += ",\n  \"owl_version\": ";
  detail::append_json_string(head, kVersion);
  head += ",\n  \"releases\": [";
  out_ << head;
}

void ScanJsonWriter::release_text(const std::string& fragment) {
  out_ << (releases_ == 0 ? "\n" : ",\n") << fragment;
  ++releases_;
}

void ScanJsonWriter::finish(const std::vector<Error>& errors,
                            const std::vector<std::string>& notes) {
  std::string tail = releases_ == 0 ? "]" : "\n  ]";
  tail += ",\n  \"errors\": ";
  JsonWriter error_list(tail, 2, 2);
  error_list.begin_array();
  for (const auto& error : errors) write(error_list, error);
  error_list.end_array();
  tail += ",\n  \"notes\": ";
  JsonWriter(tail, 2, 2).value(notes);
  tail += "\n}";
  out_ << tail;
}

std::string scan_json(const std::vector<ReleaseAudit>& audits, const std::vector<Error>& errors,
                      const std::vector<std::string>& notes) {
  std::ostringstream out;
  ScanJsonWriter writer(out);
  for (const auto& audit : audits) writer.release(audit);
  writer.finish(errors, notes);
  return out.str();
}

}  // namespace owl
