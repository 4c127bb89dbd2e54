// SPDX 3.0.1 JSON-LD printer: an ai_AIPackage per release, a software_File
// per weights file, a dataset_DatasetPackage per dataset, licences as
// simplelicensing_LicenseExpression elements, and Relationships between
// them. What each field is filled from: docs/bom.md.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "bom_common.h"
#include "owl/bom.h"

namespace owl {

namespace {

using nlohmann::ordered_json;
using namespace bom_detail;

constexpr const char* kCreationInfo = "_:creationinfo";

// Holds the @graph being built and hands out element IRIs under the
// document's namespace, so every reference points at an element it holds.
class SpdxGraph {
 public:
  explicit SpdxGraph(std::string ns) : ns_(std::move(ns)) {}

  std::string iri(const std::string& path) const { return ns_ + path; }

  void add(ordered_json element) {
    element["creationInfo"] = kCreationInfo;
    members_.push_back(element["spdxId"].get<std::string>());
    graph_.push_back(std::move(element));
  }

  // One element per distinct expression, shared by every release using it.
  std::string license(const std::string& expression, const BomLicense* about) {
    if (auto found = licenses_.find(expression); found != licenses_.end()) return found->second;
    const std::string id = iri(fmt::format("license/{}", licenses_.size() + 1));
    ordered_json element = {{"type", "simplelicensing_LicenseExpression"},
                            {"spdxId", id},
                            {"simplelicensing_licenseExpression", expression}};
    if (about && !about->name.empty()) element["name"] = about->name;
    if (about && about->kind == LicenseIdKind::kUnresolved) element["name"] = about->written;
    if (about && about->kind == LicenseIdKind::kRef && !about->url.empty())
      element["simplelicensing_customIdToUri"] = ordered_json::array(
          {{{"type", "DictionaryEntry"}, {"key", expression_term(*about)}, {"value", about->url}}});
    add(std::move(element));
    licenses_.emplace(expression, id);
    return id;
  }

  void relate(const std::string& from, const char* type, const std::vector<std::string>& to,
              const std::string& comment = "") {
    if (to.empty()) return;
    ordered_json relationship = {{"type", "Relationship"},
                                 {"spdxId", iri(fmt::format("relationship/{}", ++relationships_))},
                                 {"from", from},
                                 {"relationshipType", type},
                                 {"to", to}};
    if (!comment.empty()) relationship["comment"] = comment;
    add(std::move(relationship));
  }

  void annotate(const std::string& subject, const std::string& statement) {
    add({{"type", "Annotation"},
         {"spdxId", iri(fmt::format("annotation/{}", ++annotations_))},
         {"annotationType", "review"},
         {"subject", subject},
         {"statement", statement}});
  }

  std::string organization(const std::string& name) {
    const std::string id = iri("organization/" + percent_encode(name));
    if (organizations_.emplace(name, id).second)
      add({{"type", "Organization"}, {"spdxId", id}, {"name", name}});
    return id;
  }

  // The SPDX individuals NoneLicense / NoAssertionLicense: referred to by
  // name, never defined in the graph; they belong to ExpandedLicensing.
  std::string missing_license(MissingLicense missing) {
    uses_expanded_licensing_ = true;
    return missing == MissingLicense::kNone ? "expandedlicensing_NoneLicense"
                                            : "expandedlicensing_NoAssertionLicense";
  }
  bool uses_expanded_licensing() const { return uses_expanded_licensing_; }

  const std::vector<std::string>& members() const { return members_; }
  ordered_json& graph() { return graph_; }

 private:
  std::string ns_;
  ordered_json graph_ = ordered_json::array();
  std::vector<std::string> members_;
  std::map<std::string, std::string> licenses_;
  std::map<std::string, std::string> organizations_;
  int relationships_ = 0;
  int annotations_ = 0;
  bool uses_expanded_licensing_ = false;
};

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

ordered_json file_element(const Artifact& artifact, const std::string& id) {
  ordered_json file = {{"type", "software_File"},
                       {"spdxId", id},
                       {"name", artifact.path},
                       {"software_primaryPurpose", "model"},
                       {"software_fileKind", "file"}};
  if (const auto hash = file_hash(artifact)) {
    ordered_json method = {{"type", "Hash"},
                           {"algorithm", "sha256"},
                           {"hashValue", hash->sha256},
                           {"comment", hash->basis}};
    file["verifiedUsing"] = ordered_json::array({method});
    if (hash->conflicting_record)
      file["comment"] = "the release records a different SHA-256: " + *hash->conflicting_record;
  }
  return file;
}

void add_licenses(SpdxGraph& graph, const std::string& package, const Assessment& assessment) {
  for (const auto& license : declared_licenses(assessment))
    graph.relate(package, "hasDeclaredLicense", {graph.license(expression_term(license), &license)},
                 "declared in " + join(license.evidence, "; "));
  if (const auto missing = missing_declared(assessment))
    graph.relate(package, "hasDeclaredLicense", {graph.missing_license(*missing)},
                 *missing == MissingLicense::kNone
                     ? "owl found no licence declared anywhere in the release"
                     : "the release's licence field is a placeholder");
  const auto concluded = concluded_licenses(assessment);
  if (const auto missing = missing_concluded(assessment)) {
    graph.relate(package, "hasConcludedLicense", {graph.missing_license(*missing)},
                 *missing == MissingLicense::kNone
                     ? "no licence in the release grants any rights"
                     : "owl could not resolve the declared licence into terms");
    return;
  }
  std::vector<std::string> terms, reasons;
  for (const auto& license : concluded) {
    terms.push_back(expression_term(license));
    if (!license.why.empty()) reasons.push_back(spdx_safe(license.id) + ": " + license.why);
  }
  const BomLicense* about = concluded.size() == 1 ? &concluded.front() : nullptr;
  graph.relate(package, "hasConcludedLicense", {graph.license(join(terms, " AND "), about)},
               join(reasons, "; "));
}

void add_lineage(SpdxGraph& graph, const std::vector<ReleaseAudit>& audits,
                 const ScannedReleaseIndex& scanned_releases, size_t index,
                 const std::vector<std::string>& roots) {
  const Assessment& assessment = audits[index].assessment;
  for (size_t k = 0; k < assessment.lineage.size(); ++k) {
    const Ancestor& ancestor = assessment.lineage[k];
    std::string id;
    if (const auto scanned = scanned_releases.find(ancestor.name, index)) {
      id = roots[*scanned];  // a base in this BOM is referenced, not described twice
    } else {
      id = graph.iri(fmt::format("release/{}/ancestor/{}", index + 1, k + 1));
      graph.add({{"type", "ai_AIPackage"},
                 {"spdxId", id},
                 {"name", ancestor.name},
                 {"software_primaryPurpose", "model"}});
      if (const auto license = ancestor_license(ancestor))
        graph.relate(id, "hasConcludedLicense",
                     {graph.license(expression_term(*license), &*license)}, license->why);
    }
    std::string how =
        fmt::format("{} (depth {}, {} confidence, via {})", to_string(ancestor.relation),
                    ancestor.depth, to_string(ancestor.confidence), ancestor.via);
    graph.relate(id, "ancestorOf", {roots[index]}, how);
  }
}

void add_release(SpdxGraph& graph, const std::vector<ReleaseAudit>& audits,
                 const ScannedReleaseIndex& scanned_releases, size_t index,
                 const std::vector<std::string>& roots, const std::vector<std::string>& datasets) {
  const ReleaseAudit& audit = audits[index];
  const Release& release = audit.release;
  const std::string& id = roots[index];
  ordered_json package = {{"type", "ai_AIPackage"},
                          {"spdxId", id},
                          {"name", release.name},
                          {"software_primaryPurpose", "model"}};
  if (release.revision) package["software_packageVersion"] = *release.revision;
  if (const std::string location = hub_location(release); !location.empty())
    package["software_downloadLocation"] = location;
  if (const std::string purl = package_url(release); !purl.empty())
    package["software_packageUrl"] = purl;
  if (const auto hub = hub_name(release)) package["suppliedBy"] = graph.organization(hub->org);
  if (const auto restrictions = use_restrictions(audit.assessment); !restrictions.empty())
    package["ai_limitation"] = join(restrictions, "\n");
  graph.add(std::move(package));

  std::vector<std::string> files;
  for (size_t k = 0; k < release.artifacts.size(); ++k) {
    files.push_back(graph.iri(fmt::format("release/{}/file/{}", index + 1, k + 1)));
    graph.add(file_element(release.artifacts[k], files.back()));
  }
  graph.relate(id, "contains", files);
  add_licenses(graph, id, audit.assessment);
  add_lineage(graph, audits, scanned_releases, index, roots);

  std::vector<std::string> trained_on;
  for (const auto& dataset : release.datasets) {
    const auto at = std::find(datasets.begin(), datasets.end(), dataset.name);
    if (at == datasets.end()) continue;
    const std::string dataset_id = graph.iri(fmt::format("dataset/{}", at - datasets.begin() + 1));
    if (std::find(trained_on.begin(), trained_on.end(), dataset_id) == trained_on.end())
      trained_on.push_back(dataset_id);
  }
  graph.relate(id, "trainedOn", trained_on, "declared in the model card or weights metadata");
  for (const auto& finding : release_findings(audit))
    graph.annotate(id, "owl " + finding.key + ": " + finding.value);
}

}  // namespace

std::string spdx_json(const std::vector<ReleaseAudit>& audits, const BomOptions& options) {
  SpdxGraph graph("https://owl.invalid/spdx/" + options.serial_uuid + "/");
  const std::string agent = graph.iri("agent/owl");
  const std::string tool = graph.iri("tool/owl");
  graph.graph().push_back({{"type", "CreationInfo"},
                           {"@id", kCreationInfo},
                           {"specVersion", "3.0.1"},
                           {"created", options.timestamp},
                           {"createdBy", {agent}},
                           {"createdUsing", {tool}}});
  graph.add({{"type", "SoftwareAgent"}, {"spdxId", agent}, {"name", "owl"}});
  graph.add({{"type", "Tool"}, {"spdxId", tool}, {"name", "owl " + options.tool_version}});

  const std::vector<std::string> datasets = dataset_names(audits);
  for (size_t k = 0; k < datasets.size(); ++k)
    graph.add({{"type", "dataset_DatasetPackage"},
               {"spdxId", graph.iri(fmt::format("dataset/{}", k + 1))},
               {"name", datasets[k]},
               {"software_primaryPurpose", "data"},
               {"dataset_datasetType", {"noAssertion"}}});

  std::vector<std::string> roots;
  for (size_t i = 0; i < audits.size(); ++i)
    roots.push_back(graph.iri(fmt::format("release/{}", i + 1)));
  const ScannedReleaseIndex scanned_releases(audits);
  for (size_t i = 0; i < audits.size(); ++i)
    add_release(graph, audits, scanned_releases, i, roots, datasets);

  const std::string data_license = graph.license("CC0-1.0", nullptr);
  ordered_json profiles = {"core", "software", "ai", "dataset", "simpleLicensing"};
  if (graph.uses_expanded_licensing()) profiles.push_back("expandedLicensing");
  ordered_json document = {{"type", "SpdxDocument"},        {"spdxId", graph.iri("document")},
                           {"creationInfo", kCreationInfo}, {"name", "owl bill of materials"},
                           {"dataLicense", data_license},   {"profileConformance", profiles},
                           {"rootElement", roots},          {"element", graph.members()}};
  graph.graph().push_back(document);
  ordered_json out = {{"@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"},
                      {"@graph", graph.graph()}};
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace owl
