// CycloneDX 1.6 ML-BOM printer. One machine-learning-model component per
// release, its weights files nested as file components, its datasets as
// shared data components. What each field is filled from: docs/bom.md.
// Written release by release: each model component as it comes, then the
// datasets (their declarations kept as three numbers each) and the
// dependency graph (set aside in a SpillBuffer as it was met).
#include <fmt/format.h>

#include <algorithm>
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
using detail::nested;

ordered_json property(const std::string& name, const std::string& value) {
  return {{"name", "owl:" + name}, {"value", value}};
}

// CycloneDX 1.6 cannot mix an expression with other licence entries, so
// every licence is a `license` entry; expressions and LicenseRefs go by name.
ordered_json license_entry(const BomLicense& license, const char* acknowledgement) {
  ordered_json entry;
  if (license.kind == LicenseIdKind::kSpdx)
    entry["id"] = license.id;
  else if (!license.name.empty())
    entry["name"] = license.name;
  else
    entry["name"] =
        license.kind == LicenseIdKind::kUnresolved ? license.written : spdx_safe(license.id);
  entry["acknowledgement"] = acknowledgement;
  if (!license.url.empty()) entry["url"] = license.url;
  if (license.kind == LicenseIdKind::kRef || license.kind == LicenseIdKind::kExpression)
    entry["licensing"] = {{"altIds", {spdx_safe(license.id)}}};
  ordered_json properties = ordered_json::array();
  if (license.kind == LicenseIdKind::kExpression)
    properties.push_back(property("license-expression", spdx_safe(license.id)));
  if (!license.written.empty() && license.written != license.id)
    properties.push_back(property("written", spdx_safe(license.written)));
  for (const auto& evidence : license.evidence) properties.push_back(property("source", evidence));
  if (!license.why.empty()) properties.push_back(property("basis", license.why));
  if (license.inherited) properties.push_back(property("inherited", "true"));
  if (!properties.empty()) entry["properties"] = properties;
  return {{"license", entry}};
}

ordered_json licenses_json(const Assessment& assessment) {
  ordered_json out = ordered_json::array();
  for (const auto& license : declared_licenses(assessment))
    out.push_back(license_entry(license, "declared"));
  for (const auto& license : concluded_licenses(assessment))
    out.push_back(license_entry(license, "concluded"));
  return out;
}

ordered_json file_component(const Artifact& artifact, const std::string& ref) {
  ordered_json file = {{"type", "file"}, {"bom-ref", ref}, {"name", artifact.path}};
  ordered_json properties = ordered_json::array();
  properties.push_back(property("format", to_string(artifact.format)));
  properties.push_back(property("size-bytes", std::to_string(artifact.size_bytes)));
  if (artifact.parameter_count)
    properties.push_back(property("parameter-count", std::to_string(*artifact.parameter_count)));
  if (const auto hash = file_hash(artifact)) {
    file["hashes"] = ordered_json::array({{{"alg", "SHA-256"}, {"content", hash->sha256}}});
    properties.push_back(property("sha256-basis", hash->basis));
    if (hash->conflicting_record)
      properties.push_back(property("recorded-sha256-mismatch", *hash->conflicting_record));
  }
  // A GGUF's safety is its chat template's, a chat template file's its
  // templates', every other format's its pickles'.
  const bool template_safety =
      artifact.format == ArtifactFormat::kGguf || artifact.format == ArtifactFormat::kChatTemplate;
  if (artifact.safety)
    properties.push_back(property(template_safety ? "chat-template-safety" : "pickle-safety",
                                  to_string(*artifact.safety)));
  if (artifact.error) properties.push_back(property("unreadable", artifact.error->message()));
  file["properties"] = properties;
  return file;
}

// What every BOM-wide reference needs: the set (a scanned base is pointed
// at, not described twice) and the serial number BOM-Links carry.
struct BomContext {
  const ReleaseSet& set;
  std::string serial_uuid;
};

std::string model_ref(size_t release, std::string_view name) {
  return fmt::format("release-{}/{}", release + 1, name);
}

// https://cyclonedx.org/capabilities/bomlink/: urn:cdx:SERIAL/VERSION#REF.
std::string bom_link(const BomContext& context, const std::string& ref) {
  return fmt::format("urn:cdx:{}/1#{}", context.serial_uuid, percent_encode(ref));
}

ordered_json lineage_properties(const Ancestor& ancestor) {
  ordered_json properties = ordered_json::array();
  properties.push_back(property("relation", to_string(ancestor.relation)));
  properties.push_back(property("depth", std::to_string(ancestor.depth)));
  properties.push_back(property("confidence", to_string(ancestor.confidence)));
  if (!ancestor.via.empty()) properties.push_back(property("via", ancestor.via));
  if (ancestor.family) {
    std::string family = ancestor.family->family;
    if (!ancestor.family->version.empty()) family += " " + ancestor.family->version;
    properties.push_back(property("family", family));
  }
  if (!ancestor.evidence.source.file.empty())
    properties.push_back(property("source", ancestor.evidence.source.describe()));
  return properties;
}

// An ancestor that is itself a release in this BOM: a pointer to that
// component (BOM-Link and owl:scanned-release), without a bom-ref of its own
// and without repeating its licences or files.
ordered_json scanned_ancestor(const Ancestor& ancestor, const std::string& base_ref,
                              const BomContext& context) {
  ordered_json properties = lineage_properties(ancestor);
  properties.push_back(property("scanned-release", base_ref));
  return {{"type", "machine-learning-model"},
          {"name", ancestor.name},
          {"externalReferences",
           ordered_json::array({{{"type", "bom"},
                                 {"url", bom_link(context, base_ref)},
                                 {"comment", "this base model, as scanned in this BOM"}}})},
          {"properties", properties}};
}

ordered_json ancestor_component(const Ancestor& ancestor, const std::string& ref) {
  ordered_json component = {
      {"type", "machine-learning-model"}, {"bom-ref", ref}, {"name", ancestor.name}};
  if (const auto license = ancestor_license(ancestor))
    component["licenses"] = ordered_json::array({license_entry(*license, "concluded")});
  component["properties"] = lineage_properties(ancestor);
  return component;
}

std::string dataset_ref(const std::string& name) { return "dataset/" + name; }

ordered_json model_card(const ReleaseAudit& audit) {
  ordered_json parameters = ordered_json::object();
  if (const auto family = architecture(audit.release)) parameters["architectureFamily"] = *family;
  ordered_json datasets = ordered_json::array();
  for (const auto& dataset : audit.release.datasets)
    if (!dataset.name.empty() &&
        std::find(datasets.begin(), datasets.end(),
                  ordered_json{{"ref", dataset_ref(dataset.name)}}) == datasets.end())
      datasets.push_back({{"ref", dataset_ref(dataset.name)}});
  if (!datasets.empty()) parameters["datasets"] = datasets;
  ordered_json card = ordered_json::object();
  if (!parameters.empty()) card["modelParameters"] = parameters;
  // Use restrictions (RAIL, acceptable-use policies) are the licensor's
  // ethical limits on use; licence conflicts are not, and stay properties.
  ordered_json ethical = ordered_json::array();
  for (const auto& restriction : use_restrictions(audit.assessment))
    ethical.push_back({{"name", restriction}});
  if (!ethical.empty()) card["considerations"] = {{"ethicalConsiderations", ethical}};
  return card;
}

struct ModelRefs {
  std::string model;
  std::vector<std::string> dependencies;
};

ordered_json pedigree(const ReleaseAudit& audit, size_t index, const BomContext& context,
                      ModelRefs& refs) {
  ordered_json ancestors = ordered_json::array();
  for (size_t i = 0; i < audit.assessment.lineage.size(); ++i) {
    const Ancestor& ancestor = audit.assessment.lineage[i];
    const auto scanned = context.set.find(ancestor.name, index);
    const std::string ref =
        scanned ? model_ref(*scanned, context.set.name(*scanned))
                : fmt::format("{}/ancestor-{}/{}", refs.model, i + 1, ancestor.name);
    ancestors.push_back(scanned ? scanned_ancestor(ancestor, ref, context)
                                : ancestor_component(ancestor, ref));
    // An adapter cannot run without its base: a real dependency.
    if (ancestor.depth == 1 && ancestor.relation == BaseRelation::kAdapter)
      refs.dependencies.push_back(ref);
  }
  return ancestors;
}

ordered_json model_component(const ReleaseAudit& audit, size_t index, const BomContext& context,
                             ModelRefs& refs) {
  const Release& release = audit.release;
  refs.model = model_ref(index, release.name);
  ordered_json component = {{"type", "machine-learning-model"}, {"bom-ref", refs.model}};
  const auto hub = hub_name(release);
  if (hub) {
    component["supplier"] = {{"name", hub->org}};
    component["group"] = hub->org;
    component["name"] = hub->name;
  } else {
    component["name"] = release.name;
  }
  if (release.revision) component["version"] = *release.revision;
  const ordered_json licenses = licenses_json(audit.assessment);
  if (!licenses.empty()) component["licenses"] = licenses;
  if (const std::string purl = package_url(release); !purl.empty()) component["purl"] = purl;
  if (const std::string location = hub_location(release); !location.empty())
    component["externalReferences"] =
        ordered_json::array({{{"type", "distribution"}, {"url", location}}});
  if (const ordered_json card = model_card(audit); !card.empty()) component["modelCard"] = card;

  if (const ordered_json ancestors = pedigree(audit, index, context, refs); !ancestors.empty())
    component["pedigree"] = {{"ancestors", ancestors}};

  ordered_json files = ordered_json::array();
  for (const auto& artifact : release.artifacts)
    files.push_back(file_component(artifact, refs.model + "/file/" + artifact.path));
  if (!files.empty()) component["components"] = files;

  for (const auto& dataset : release.datasets)
    if (!dataset.name.empty()) refs.dependencies.push_back(dataset_ref(dataset.name));
  ordered_json properties = ordered_json::array();
  properties.push_back(property("layout", to_string(release.layout)));
  for (const auto& finding : release_findings(audit))
    properties.push_back(property(finding.key, finding.value));
  component["properties"] = properties;
  return component;
}

ordered_json dependency(const std::string& ref, const std::vector<std::string>& depends_on) {
  ordered_json unique = ordered_json::array();
  for (const auto& target : depends_on)
    if (std::find(unique.begin(), unique.end(), target) == unique.end()) unique.push_back(target);
  return {{"ref", ref}, {"dependsOn", unique}};
}

// The array items of one top-level array, written one by one.
class ArrayItems {
 public:
  void write(std::ostream& out, const ordered_json& item) {
    out << (count_++ == 0 ? "\n" : ",\n") << array_item(item, 4);
  }
  void write_text(std::ostream& out, const std::string& text) {
    out << (count_++ == 0 ? "\n" : ",\n") << text;
  }
  const char* close() const { return count_ == 0 ? "]" : "\n  ]"; }

 private:
  size_t count_ = 0;
};

class CycloneDxWriter : public BomWriter {
 public:
  CycloneDxWriter(std::ostream& out, const ReleaseNameIndex& names, const BomOptions& options,
                  std::function<bool(size_t)> is_missing)
      : out_(out), set_(names, std::move(is_missing)), context_{set_, options.serial_uuid} {
    ordered_json bom = {{"$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json"},
                        {"bomFormat", "CycloneDX"},
                        {"specVersion", "1.6"},
                        {"serialNumber", "urn:uuid:" + options.serial_uuid},
                        {"version", 1}};
    ordered_json tool = {{"type", "application"},
                         {"name", "owl"},
                         {"version", options.tool_version},
                         {"description", "open-weights licence auditor"}};
    bom["metadata"] = {{"timestamp", options.timestamp},
                       {"tools", {{"components", ordered_json::array({tool})}}}};
    std::string opening = dumped(bom, 2);
    opening.resize(opening.size() - 2);  // "\n}": the document goes on
    out_ << opening << ",\n  \"components\": [";
  }

  void add(const ReleaseAudit& audit) override {
    const size_t index = set_.take();
    ModelRefs refs;
    components_.write(out_, model_component(audit, index, context_, refs));
    dependencies_.write_text(spilled_dependencies_.stream(),
                             array_item(dependency(refs.model, refs.dependencies), 4));
    for (const auto& dataset : audit.release.datasets)
      if (!dataset.name.empty())
        declarations_.push_back(
            {datasets_.see(dataset.name).first, index, source_number(dataset.source.describe())});
  }

  void skip() override { set_.skip(); }

  Status finish() override {
    // By dataset, each one's in the order the releases came.
    std::stable_sort(
        declarations_.begin(), declarations_.end(),
        [](const Declaration& a, const Declaration& b) { return a.dataset < b.dataset; });
    auto next = declarations_.begin();
    for (size_t k = 0; k < datasets_.names().size(); ++k) {
      auto end = std::find_if(next, declarations_.end(), [&](const Declaration& declaration) {
        return declaration.dataset != k;
      });
      components_.write(out_, dataset_component(k, next, end));
      next = end;
      dependencies_.write_text(spilled_dependencies_.stream(),
                               array_item(dependency(dataset_ref(datasets_.names()[k]), {}), 4));
    }
    out_ << components_.close() << ",\n  \"dependencies\": [";
    Status copied = spilled_dependencies_.copy_to(out_);
    out_ << dependencies_.close() << "\n}";
    return copied;
  }

 private:
  // A release naming a dataset: which, who, and where it said so.
  struct Declaration {
    size_t dataset, release;
    uint32_t source;
  };

  uint32_t source_number(const std::string& source) {
    const auto [at, added] = sources_.emplace(source, static_cast<uint32_t>(sources_.size()));
    if (added) source_texts_.push_back(source);
    return at->second;
  }

  using Declarations = std::vector<Declaration>::const_iterator;
  ordered_json dataset_component(size_t dataset, Declarations first, Declarations last) const {
    const std::string& name = datasets_.names()[dataset];
    ordered_json properties = ordered_json::array();
    for (auto declaration = first; declaration != last; ++declaration)
      properties.push_back(
          property("declared-by", fmt::format("{}: {}", set_.name(declaration->release),
                                              source_texts_[declaration->source])));
    return {{"type", "data"},
            {"bom-ref", dataset_ref(name)},
            {"name", name},
            {"data", ordered_json::array({{{"type", "dataset"}, {"name", name}}})},
            {"properties", properties}};
  }

  std::ostream& out_;
  ReleaseSet set_;
  BomContext context_;
  ArrayItems components_, dependencies_;
  SpillBuffer spilled_dependencies_;
  DatasetTable datasets_;
  std::vector<Declaration> declarations_;
  std::map<std::string, uint32_t> sources_;  // "README.md line 7": few distinct
  std::vector<std::string> source_texts_;
};

}  // namespace

std::unique_ptr<BomWriter> make_cyclonedx_writer(std::ostream& out, const ReleaseNameIndex& names,
                                                 const BomOptions& options,
                                                 std::function<bool(size_t)> is_missing) {
  return std::make_unique<CycloneDxWriter>(out, names, options, std::move(is_missing));
}

}  // namespace owl
