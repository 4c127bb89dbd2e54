// JSON printer for `owl scan --json`. Field by field in docs/json-output.md;
// bump kScanSchema when a field changes meaning or disappears.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "assessment_json.h"
#include "identification_json.h"
#include "json_text.h"
#include "owl/report.h"
#include "owl/version.h"

namespace owl {

namespace {

using nlohmann::ordered_json;

constexpr const char* kScanSchema = "owl.scan/1";

template <class T>
ordered_json optional_json(const std::optional<T>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json to_json(const Source& source) {
  return {{"file", source.file}, {"where", source.where}};
}

ordered_json to_json(const Error& error) {
  return {{"kind", to_string(error.kind())},
          {"rule", error.rule()},
          {"file", error.file()},
          {"offset", optional_json(error.offset())},
          {"detail", error.detail()},
          {"message", error.message()}};
}

ordered_json to_json(const PickleSites& sites) {
  ordered_json globals = ordered_json::array();
  for (const auto& [member, import] : sites.globals)
    globals.push_back({{"member", member},
                       {"global", import.module + "." + import.name},
                       {"opcode", import.opcode},
                       {"offset", import.offset},
                       {"called", import.called},
                       {"nested_in", import.nested_in},
                       {"after_fault", import.after_fault},
                       {"safety", to_string(import.safety)}});
  ordered_json calls = ordered_json::array();
  for (const auto& [member, call] : sites.calls)
    calls.push_back({{"member", member},
                     {"opcode", call.opcode},
                     {"offset", call.offset},
                     {"callable", call.callable.empty() ? ordered_json(nullptr)
                                                        : ordered_json(call.callable)}});
  return {{"globals", globals}, {"calls", calls}, {"calls_not_recorded", sites.calls_not_recorded}};
}

ordered_json to_json(const Artifact& artifact) {
  ordered_json out = {{"path", artifact.path},
                      {"format", to_string(artifact.format)},
                      {"size_bytes", artifact.size_bytes},
                      {"parameter_count", optional_json(artifact.parameter_count)},
                      {"tensor_count", optional_json(artifact.tensor_count)},
                      {"tensor_types", artifact.tensor_types},
                      {"architecture", optional_json(artifact.architecture)},
                      {"sha256", optional_json(artifact.sha256)}};
  out["recorded_sha256"] = artifact.recorded_sha256
                               ? ordered_json{{"value", *artifact.recorded_sha256},
                                              {"source", to_json(*artifact.recorded_sha256_source)}}
                               : ordered_json(nullptr);
  out["safety"] =
      artifact.safety ? ordered_json(to_string(*artifact.safety)) : ordered_json(nullptr);
  out["safety_findings"] = artifact.safety_findings;
  out["pickle"] = artifact.pickle_sites ? to_json(*artifact.pickle_sites) : ordered_json(nullptr);
  out["notes"] = artifact.notes;
  out["warnings"] = artifact.warnings;
  out["error"] = artifact.error ? to_json(*artifact.error) : ordered_json(nullptr);
  return out;
}

ordered_json to_json(const Document& document, const std::vector<DocumentMatch>& matches) {
  ordered_json identification = nullptr, terms = nullptr;
  for (const auto& match : matches)
    if (match.path == document.path) {
      identification = detail::identification_tree(match.identification);
      if (match.terms) terms = detail::terms_tree(*match.terms);
    }
  return {{"path", document.path},
          {"kind", to_string(document.kind)},
          {"size_bytes", document.size_bytes},
          {"identification", identification},
          {"terms", terms},
          {"warnings", document.warnings},
          {"error", document.error ? to_json(*document.error) : ordered_json(nullptr)}};
}

// The licence a Hub `license:` id or GGUF general.license names, when owl
// knows it; null for names, links and ids such as "other".
ordered_json resolved_id(const LicenseDeclaration& declaration) {
  if (declaration.field != DeclarationField::kLicense) return nullptr;
  const HubLicense hub = map_hub_license(declaration.value);
  if (!hub.owl_id.empty()) return std::string(hub.owl_id);
  if (!hub.expression.empty()) return std::string(hub.expression);
  return nullptr;
}

ordered_json declared_json(const Release& release) {
  ordered_json licenses = ordered_json::array();
  for (const auto& license : release.licenses)
    licenses.push_back({{"field", to_string(license.field)},
                        {"value", license.value},
                        {"resolved_id", resolved_id(license)},
                        {"source", to_json(license.source)}});
  ordered_json bases = ordered_json::array();
  for (const auto& base : release.base_models)
    bases.push_back(
        {{"name", base.name},
         {"relation", base.relation == BaseRelation::kDerived ? "" : to_string(base.relation)},
         {"source", to_json(base.source)}});
  ordered_json datasets = ordered_json::array();
  for (const auto& dataset : release.datasets)
    datasets.push_back({{"name", dataset.name}, {"source", to_json(dataset.source)}});
  return {{"licenses", licenses},
          {"base_models", bases},
          {"datasets", datasets},
          {"gating", release.gating}};
}

ordered_json prose_json(const std::string& card_path, const std::vector<ProseLineage>& claims) {
  ordered_json out = ordered_json::array();
  for (const auto& claim : claims) {
    const auto family = resolve_family(claim.base);
    out.push_back(
        {{"base", claim.base},
         {"relation", to_string(claim.relation)},
         {"confidence", to_string(claim.confidence)},
         {"family", family ? ordered_json(family->family) : ordered_json(nullptr)},
         {"family_version", family && !family->version.empty() ? ordered_json(family->version)
                                                               : ordered_json(nullptr)},
         {"sentence", claim.sentence},
         {"source", {{"file", card_path}, {"where", fmt::format("line {}", claim.line)}}}});
  }
  return out;
}

ordered_json summary_json(const Summary& summary) {
  ordered_json items = ordered_json::array();
  for (const auto& item : summary.items) {
    ordered_json evidence = ordered_json::array();
    for (const auto& source : item.evidence) evidence.push_back(to_json(source));
    items.push_back({{"topic", to_string(item.topic)},
                     {"determined", item.determined},
                     {"statement", item.statement},
                     {"evidence", evidence}});
  }
  return items;
}

// What the Hub API said of a release read over HTTP; null for local files.
ordered_json hub_json(const std::optional<HubRecord>& hub) {
  if (!hub) return nullptr;
  return {{"repo", hub->repo},
          {"commit", hub->commit},
          {"requested", optional_json(hub->requested)},
          {"created_at", optional_json(hub->created_at)},
          {"last_modified", optional_json(hub->last_modified)},
          {"gated", optional_json(hub->gated)},
          {"private", hub->is_private},
          {"pipeline_tag", optional_json(hub->pipeline_tag)},
          {"library_name", optional_json(hub->library_name)},
          {"tags", hub->tags}};
}

ordered_json to_json(const ReleaseAudit& audit) {
  const Release& release = audit.release;
  ordered_json artifacts = ordered_json::array();
  for (const auto& artifact : release.artifacts) artifacts.push_back(to_json(artifact));
  ordered_json documents = ordered_json::array();
  for (const auto& document : release.documents)
    documents.push_back(to_json(document, audit.matches));
  ordered_json problems = ordered_json::array();
  for (const auto& problem : release.problems) problems.push_back(to_json(problem));
  return {{"name", release.name},
          {"root", release.root},
          {"kind", to_string(release.kind)},
          {"layout", to_string(release.layout)},
          {"revision", optional_json(release.revision)},
          {"hub", hub_json(release.hub)},
          {"parameter_count", optional_json(release.parameter_count())},
          {"artifacts", artifacts},
          {"documents", documents},
          {"declared", declared_json(release)},
          {"prose_lineage", prose_json(release.card_path, audit.card.lineage)},
          {"summary", summary_json(audit.summary)},
          {"assessment", detail::assessment_json(audit.assessment)},
          {"problems", problems}};
}

}  // namespace

std::string error_json(const Error& error) { return to_json(error).dump(); }

using detail::dumped;
using detail::nested;

std::string scan_json_release(const ReleaseAudit& audit) {
  return detail::array_item(to_json(audit), 4);
}

std::string scan_jsonl_line(const ReleaseAudit& audit) { return dumped(to_json(audit), -1) + "\n"; }

ScanJsonWriter::ScanJsonWriter(std::ostream& out) : out_(out) {
  out_ << "{\n  \"schema\": " << dumped(kScanSchema, -1)
       << ",\n  \"owl_version\": " << dumped(kVersion, -1) << ",\n  \"releases\": [";
}

void ScanJsonWriter::release_text(const std::string& fragment) {
  out_ << (releases_ == 0 ? "\n" : ",\n") << fragment;
  ++releases_;
}

void ScanJsonWriter::finish(const std::vector<Error>& errors,
                            const std::vector<std::string>& notes) {
  ordered_json error_list = ordered_json::array();
  for (const auto& error : errors) error_list.push_back(to_json(error));
  out_ << (releases_ == 0 ? "]" : "\n  ]")
       << ",\n  \"errors\": " << nested(dumped(error_list, 2), 2)
       << ",\n  \"notes\": " << nested(dumped(ordered_json(notes), 2), 2) << "\n}";
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
