// SPDX 3.0.1 JSON-LD printer: an ai_AIPackage per release, a software_File
// per weights file, a dataset_DatasetPackage per dataset, licences as
// simplelicensing_LicenseExpression elements, and Relationships between
// them. What each field is filled from: docs/bom.md. Written release by
// release: each element as it is made, the list of them all set aside in a
// SpillBuffer for the SpdxDocument element that closes the graph.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "bom_common.h"
#include "json_text.h"
#include "owl/bom.h"

namespace owl {

namespace {

using nlohmann::ordered_json;
using namespace bom_detail;
using detail::array_item;
using detail::dumped;

constexpr const char* kCreationInfo = "_:creationinfo";

// Writes the @graph as it is built and hands out element IRIs under the
// document's namespace, so every reference points at an element it holds.
class SpdxGraph {
 public:
  SpdxGraph(std::ostream& out, std::string ns) : out_(out), ns_(std::move(ns)) {}

  std::string iri(const std::string& path) const { return ns_ + path; }

  // An item of @graph that is no element (the CreationInfo).
  void write(const ordered_json& item) {
    out_ << (items_++ == 0 ? "\n" : ",\n") << array_item(item, 4);
  }

  void add(ordered_json element) {
    element["creationInfo"] = kCreationInfo;
    members_.append(members_.empty() ? "\n" : ",\n");
    members_.append("        " + dumped(element["spdxId"], -1));
    write(element);
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

  // The element list of the SpdxDocument, as array items 8 deep.
  SpillBuffer& members() { return members_; }

 private:
  std::ostream& out_;
  std::string ns_;
  size_t items_ = 0;
  SpillBuffer members_;
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
  ordered_json file = {
      {"type", "software_File"},
      {"spdxId", id},
      {"name", artifact.path},
      // A chat template file is Jinja the tokenizer renders, not weights.
      {"software_primaryPurpose",
       artifact.format == ArtifactFormat::kChatTemplate ? "configuration" : "model"},
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

std::string release_iri(const SpdxGraph& graph, size_t release) {
  return graph.iri(fmt::format("release/{}", release + 1));
}

void add_lineage(SpdxGraph& graph, const Assessment& assessment, const ReleaseSet& set,
                 size_t index) {
  for (size_t k = 0; k < assessment.lineage.size(); ++k) {
    const Ancestor& ancestor = assessment.lineage[k];
    std::string id;
    if (const auto scanned = set.find(ancestor.name, index)) {
      id = release_iri(graph, *scanned);  // a base in this BOM is referenced, not described twice
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
    graph.relate(id, "ancestorOf", {release_iri(graph, index)}, how);
  }
}

std::string dataset_iri(const SpdxGraph& graph, size_t dataset) {
  return graph.iri(fmt::format("dataset/{}", dataset + 1));
}

// A dataset is described where it is first declared, so the graph needs no
// list of them all up front.
void add_new_datasets(SpdxGraph& graph, const Release& release, DatasetTable& datasets) {
  for (const auto& dataset : release.datasets) {
    if (dataset.name.empty()) continue;
    const auto [number, first] = datasets.see(dataset.name);
    if (first)
      graph.add({{"type", "dataset_DatasetPackage"},
                 {"spdxId", dataset_iri(graph, number)},
                 {"name", dataset.name},
                 {"software_primaryPurpose", "data"},
                 {"dataset_datasetType", {"noAssertion"}}});
  }
}

void add_release(SpdxGraph& graph, const ReleaseAudit& audit, const ReleaseSet& set, size_t index,
                 DatasetTable& datasets) {
  const Release& release = audit.release;
  add_new_datasets(graph, release, datasets);
  const std::string id = release_iri(graph, index);
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
  add_lineage(graph, audit.assessment, set, index);

  std::vector<std::string> trained_on;
  for (const auto& dataset : release.datasets) {
    if (dataset.name.empty()) continue;
    const std::string dataset_id = dataset_iri(graph, datasets.see(dataset.name).first);
    if (std::find(trained_on.begin(), trained_on.end(), dataset_id) == trained_on.end())
      trained_on.push_back(dataset_id);
  }
  graph.relate(id, "trainedOn", trained_on, "declared in the model card or weights metadata");
  for (const auto& finding : release_findings(audit))
    graph.annotate(id, "owl " + finding.key + ": " + finding.value);
}

class SpdxWriter : public BomWriter {
 public:
  SpdxWriter(std::ostream& out, const ReleaseNameIndex& names, const BomOptions& options,
             std::function<bool(size_t)> is_missing)
      : out_(out),
        set_(names, std::move(is_missing)),
        graph_(out, "https://owl.invalid/spdx/" + options.serial_uuid + "/") {
    std::string opening =
        dumped({{"@context", "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}}, 2);
    opening.resize(opening.size() - 2);  // "\n}": the document goes on
    out_ << opening << ",\n  \"@graph\": [";
    const std::string agent = graph_.iri("agent/owl");
    const std::string tool = graph_.iri("tool/owl");
    graph_.write({{"type", "CreationInfo"},
                  {"@id", kCreationInfo},
                  {"specVersion", "3.0.1"},
                  {"created", options.timestamp},
                  {"createdBy", {agent}},
                  {"createdUsing", {tool}}});
    graph_.add({{"type", "SoftwareAgent"}, {"spdxId", agent}, {"name", "owl"}});
    graph_.add({{"type", "Tool"}, {"spdxId", tool}, {"name", "owl " + options.tool_version}});
  }

  void add(const ReleaseAudit& audit) override {
    add_release(graph_, audit, set_, set_.take(), datasets_);
  }

  void skip() override { set_.skip(); }

  // The SpdxDocument closes the graph: its root list is every release that
  // came, its element list what was set aside as the graph was written.
  Status finish() override {
    const std::string data_license = graph_.license("CC0-1.0", nullptr);
    ordered_json profiles = {"core", "software", "ai", "dataset", "simpleLicensing"};
    if (graph_.uses_expanded_licensing()) profiles.push_back("expandedLicensing");
    ordered_json document = {{"type", "SpdxDocument"},        {"spdxId", graph_.iri("document")},
                             {"creationInfo", kCreationInfo}, {"name", "owl bill of materials"},
                             {"dataLicense", data_license},   {"profileConformance", profiles}};
    std::string head = array_item(document, 4);
    head.resize(head.size() - 6);  // "\n    }": two lists follow
    out_ << ",\n" << head << ",\n      \"rootElement\": [";
    size_t roots = 0;
    for (size_t release = 0; release < set_.taken(); ++release)
      if (!set_.skipped(release))
        out_ << (roots++ == 0 ? "\n" : ",\n") << "        "
             << dumped(release_iri(graph_, release), -1);
    out_ << (roots == 0 ? "]" : "\n      ]") << ",\n      \"element\": [";
    Status copied = graph_.members().copy_to(out_);
    out_ << "\n      ]\n    }\n  ]\n}";
    return copied;
  }

 private:
  std::ostream& out_;
  ReleaseSet set_;
  SpdxGraph graph_;
  DatasetTable datasets_;
};

}  // namespace

std::unique_ptr<BomWriter> make_spdx_writer(std::ostream& out, const ReleaseNameIndex& names,
                                            const BomOptions& options,
                                            std::function<bool(size_t)> is_missing) {
  return std::make_unique<SpdxWriter>(out, names, options, std::move(is_missing));
}

}  // namespace owl
