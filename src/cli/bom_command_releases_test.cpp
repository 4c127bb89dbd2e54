// End to end: `owl bom` on small releases assembled from real corpus licence
// texts — a relabelled Llama fine-tune, a base scanned with its derivative,
// Kimi's modified MIT, a release with no licence, an Open RAIL++ release —
// each BOM validated against its format's official schema.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/bom_schema_check.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::corpus;
using testing::run_owl;
using testing::TempDir;
using testing::write_file;

// Release folders under one temp dir: a card with YAML front matter and
// licence files copied from ../shared/corpus/licenses.
class Releases {
 public:
  Releases& add(const std::string& name, const std::string& front_matter) {
    fs::create_directories(dir_.path() / name);
    write_file(dir_.path() / name / "README.md", "---\n" + front_matter + "---\n# Model\n");
    return *this;
  }
  Releases& license(const std::string& name, const std::string& corpus_path,
                    const std::string& as = "LICENSE") {
    fs::copy_file(corpus("licenses/" + corpus_path), dir_.path() / name / as);
    return *this;
  }
  std::string path(const std::string& name = "") const { return (dir_.path() / name).string(); }

 private:
  TempDir dir_;
};

// Runs `owl bom` on `path`, validates the BOM against the schema and the
// reference checks of tests/tools/validate_json_schema.mjs, returns it.
json bom_of(const std::string& format, const std::string& path) {
  TempDir out_dir;
  const auto out = out_dir.path() / "bom.json";
  const auto result = run_owl("bom --format " + format + " -o " + out.string() + " " + path);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto verdict = testing::validate_bom(format, out);
  EXPECT_TRUE(verdict.valid) << format << " " << path << ":\n" << verdict.output;
  return json::parse(testing::read_file(out));
}

std::vector<std::string> properties(const json& holder, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& item : holder.value("properties", json::array()))
    if (item["name"] == name) out.push_back(item["value"]);
  return out;
}

bool any_starts_with(const std::vector<std::string>& values, const std::string& prefix) {
  for (const auto& value : values)
    if (value.rfind(prefix, 0) == 0) return true;
  return false;
}

const json& component_named(const json& bom, const std::string& name) {
  for (const auto& component : bom["components"])
    if (component["name"] == name) return component;
  ADD_FAILURE() << "no component " << name;
  static const json none = json::object();
  return none;
}

// The licence entries of a CycloneDX component with this acknowledgement.
std::vector<json> cdx_licenses(const json& component, const std::string& acknowledgement) {
  std::vector<json> out;
  for (const auto& entry : component.value("licenses", json::array()))
    if (entry["license"]["acknowledgement"] == acknowledgement) out.push_back(entry["license"]);
  return out;
}

// SPDX: the graph node by spdxId, and the targets of a release's
// relationships of one type (licence expressions as their text).
class SpdxView {
 public:
  explicit SpdxView(json bom) : bom_(std::move(bom)) {}

  const json& node(const std::string& id) const {
    for (const auto& node : bom_["@graph"])
      if (node.value("spdxId", "") == id) return node;
    static const json none = json::object();
    return none;
  }
  std::string package(const std::string& name) const {
    for (const auto& node : bom_["@graph"])
      if (node["type"] == "ai_AIPackage" && node["name"] == name) return node["spdxId"];
    ADD_FAILURE() << "no ai_AIPackage " << name;
    return "";
  }
  size_t count(const std::string& type, const std::string& name) const {
    size_t n = 0;
    for (const auto& node : bom_["@graph"])
      if (node["type"] == type && node.value("name", "") == name) ++n;
    return n;
  }
  // Targets of `from` --type--> ...; a licence expression element as its
  // expression, an individual (NoneLicense) by its name.
  std::vector<std::string> targets(const std::string& from, const std::string& type) const {
    std::vector<std::string> out;
    for (const auto& node : bom_["@graph"])
      if (node["type"] == "Relationship" && node["from"] == from &&
          node["relationshipType"] == type)
        for (const auto& to : node["to"]) {
          const json& target = node_or_empty(to);
          out.push_back(target.contains("simplelicensing_licenseExpression")
                            ? target["simplelicensing_licenseExpression"].get<std::string>()
                            : to.get<std::string>());
        }
    return out;
  }
  // Sources of ... --type--> `to`.
  std::vector<std::string> sources(const std::string& to, const std::string& type) const {
    std::vector<std::string> out;
    for (const auto& node : bom_["@graph"])
      if (node["type"] == "Relationship" && node["relationshipType"] == type &&
          std::find(node["to"].begin(), node["to"].end(), to) != node["to"].end())
        out.push_back(node["from"]);
    return out;
  }
  std::vector<std::string> annotations(const std::string& subject) const {
    std::vector<std::string> out;
    for (const auto& node : bom_["@graph"])
      if (node["type"] == "Annotation" && node["subject"] == subject)
        out.push_back(node["statement"]);
    return out;
  }
  const json& document() const {
    for (const auto& node : bom_["@graph"])
      if (node["type"] == "SpdxDocument") return node;
    static const json none = json::object();
    return none;
  }

 private:
  const json& node_or_empty(const json& id) const { return node(id.get<std::string>()); }
  json bom_;
};

TEST(OwlBomReleases, ApacheLabelOnLlamaFineTuneShowsDeclaredConcludedAndConflict) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("my-assistant-8b",
               "license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n");

  const json cdx = bom_of("cyclonedx", releases.path("my-assistant-8b"));
  ASSERT_EQ(cdx["components"].size(), 1u);
  const json& model = cdx["components"][0];
  const auto declared = cdx_licenses(model, "declared");
  ASSERT_EQ(declared.size(), 1u);
  EXPECT_EQ(declared[0]["id"], "Apache-2.0");
  // Concluded: its own label's terms, then the base's, which flow down.
  const auto concluded = cdx_licenses(model, "concluded");
  ASSERT_EQ(concluded.size(), 2u);
  EXPECT_EQ(concluded[0]["id"], "Apache-2.0");
  EXPECT_EQ(properties(concluded[0], "owl:basis"),
            std::vector<std::string>{"its model card metadata"});
  EXPECT_FALSE(concluded[1].contains("id"));  // not an SPDX licence: by name
  EXPECT_EQ(concluded[1]["name"], "Llama 3.1 Community License Agreement");
  EXPECT_EQ(concluded[1]["licensing"]["altIds"][0], "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(properties(concluded[1], "owl:inherited"), std::vector<std::string>{"true"});
  const json& ancestors = model["pedigree"]["ancestors"];
  ASSERT_EQ(ancestors.size(), 1u);
  EXPECT_EQ(ancestors[0]["name"], "meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(properties(ancestors[0], "owl:via"), std::vector<std::string>{"card base_model"});
  EXPECT_EQ(ancestors[0]["licenses"][0]["license"]["licensing"]["altIds"][0],
            "LicenseRef-owl-llama-3.1");
  EXPECT_TRUE(any_starts_with(properties(model, "owl:conflict"),
                              "permissive-label-on-restrictive-base (high): "));
  EXPECT_EQ(properties(model, "owl:declared-tier"), std::vector<std::string>{"open-permissive"});
  EXPECT_EQ(properties(model, "owl:tier"), std::vector<std::string>{"source-available-revocable"});
  EXPECT_EQ(properties(model, "owl:more-permissive-label").size(), 1u);
  // Llama 3.1's acceptable use policy travels with the inherited terms.
  EXPECT_EQ(model["modelCard"]["considerations"]["ethicalConsiderations"].size(), 1u);

  const SpdxView spdx(bom_of("spdx", releases.path("my-assistant-8b")));
  const std::string release = spdx.package("my-assistant-8b");
  EXPECT_EQ(spdx.targets(release, "hasDeclaredLicense"), std::vector<std::string>{"Apache-2.0"});
  EXPECT_EQ(spdx.targets(release, "hasConcludedLicense"),
            std::vector<std::string>{"Apache-2.0 AND LicenseRef-owl-llama-3.1"});
  const std::string base = spdx.package("meta-llama/Llama-3.1-8B-Instruct");
  EXPECT_EQ(spdx.targets(base, "ancestorOf"), std::vector<std::string>{release});
  EXPECT_EQ(spdx.targets(base, "hasConcludedLicense"),
            std::vector<std::string>{"LicenseRef-owl-llama-3.1"});
  EXPECT_TRUE(any_starts_with(spdx.annotations(release),
                              "owl conflict: permissive-label-on-restrictive-base (high): "));
  EXPECT_FALSE(spdx.node(release).value("ai_limitation", "").empty());
}

TEST(OwlBomReleases, ScannedBaseIsReferencedByItsDerivative) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("Llama-3.1-8B", "license: llama3.1\n")
      .license("Llama-3.1-8B", "llama-3.1/LICENSE")
      .add("my-assistant-8b", "license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n");

  const json cdx = bom_of("cyclonedx", releases.path());
  ASSERT_EQ(cdx["components"].size(), 2u);  // no third component for the base
  const json& base = component_named(cdx, "Llama-3.1-8B");
  const json& derivative = component_named(cdx, "my-assistant-8b");
  const json& ancestors = derivative["pedigree"]["ancestors"];
  ASSERT_EQ(ancestors.size(), 1u);
  const json& ancestor = ancestors[0];
  EXPECT_EQ(ancestor["name"], "meta-llama/Llama-3.1-8B");
  EXPECT_FALSE(ancestor.contains("bom-ref"));   // a pointer, not a second copy
  EXPECT_FALSE(ancestor.contains("licenses"));  // those are on the base's component
  EXPECT_EQ(properties(ancestor, "owl:scanned-release"),
            std::vector<std::string>{base["bom-ref"].get<std::string>()});
  const std::string serial = cdx["serialNumber"].get<std::string>().substr(9);  // urn:uuid:
  EXPECT_EQ(ancestor["externalReferences"][0]["type"], "bom");
  EXPECT_EQ(ancestor["externalReferences"][0]["url"],
            "urn:cdx:" + serial + "/1#release-1%2FLlama-3.1-8B");
  // The base's own licence, found in its LICENSE file, flows to the derivative.
  const auto base_concluded = cdx_licenses(base, "concluded");
  ASSERT_EQ(base_concluded.size(), 1u);
  EXPECT_EQ(base_concluded[0]["licensing"]["altIds"][0], "LicenseRef-owl-llama-3.1");
  const auto concluded = cdx_licenses(derivative, "concluded");
  ASSERT_EQ(concluded.size(), 2u);  // Apache-2.0 (its label), then the base's terms
  EXPECT_EQ(concluded[1]["licensing"]["altIds"][0], "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(properties(concluded[1], "owl:basis"),
            std::vector<std::string>{"inherited from meta-llama/Llama-3.1-8B (derived, scanned "
                                     "release meta-llama/Llama-3.1-8B)"});

  const SpdxView spdx(bom_of("spdx", releases.path()));
  EXPECT_EQ(spdx.count("ai_AIPackage", "meta-llama/Llama-3.1-8B"), 0u);
  const std::string base_id = spdx.package("Llama-3.1-8B");
  const std::string derivative_id = spdx.package("my-assistant-8b");
  EXPECT_EQ(spdx.targets(base_id, "ancestorOf"), std::vector<std::string>{derivative_id});
  EXPECT_EQ(spdx.sources(derivative_id, "ancestorOf"), std::vector<std::string>{base_id});
  EXPECT_EQ(spdx.document()["rootElement"].size(), 2u);
}

TEST(OwlBomReleases, KimiModifiedMitLabelledMit) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("Kimi-K2-Instruct", "license: mit\n").license("Kimi-K2-Instruct", "kimi-k2/LICENSE");

  const json cdx = bom_of("cyclonedx", releases.path("Kimi-K2-Instruct"));
  const json& model = cdx["components"][0];
  const auto declared = cdx_licenses(model, "declared");
  ASSERT_GE(declared.size(), 1u);
  EXPECT_EQ(declared[0]["id"], "MIT");
  EXPECT_EQ(properties(declared[0], "owl:source"), std::vector<std::string>{"README.md line 2"});
  const auto concluded = cdx_licenses(model, "concluded");
  ASSERT_EQ(concluded.size(), 1u);
  EXPECT_EQ(concluded[0]["licensing"]["altIds"][0], "LicenseRef-owl-kimi-k2");
  EXPECT_EQ(properties(concluded[0], "owl:basis"), std::vector<std::string>{"its LICENSE file"});
  EXPECT_TRUE(
      any_starts_with(properties(model, "owl:conflict"), "modified-presented-as-plain (high): "));

  const SpdxView spdx(bom_of("spdx", releases.path("Kimi-K2-Instruct")));
  const std::string release = spdx.package("Kimi-K2-Instruct");
  const auto declared_spdx = spdx.targets(release, "hasDeclaredLicense");
  ASSERT_GE(declared_spdx.size(), 1u);
  EXPECT_EQ(declared_spdx[0], "MIT");
  EXPECT_EQ(spdx.targets(release, "hasConcludedLicense"),
            std::vector<std::string>{"LicenseRef-owl-kimi-k2"});
}

TEST(OwlBomReleases, NoLicenceIsStatedAsNoneNotGuessed) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("no-licence", "tags: [text-generation]\n");

  // CycloneDX has no "none" licence: the licences are left out and the
  // finding is a property.
  const json cdx = bom_of("cyclonedx", releases.path("no-licence"));
  const json& model = cdx["components"][0];
  EXPECT_FALSE(model.contains("licenses"));
  EXPECT_TRUE(any_starts_with(properties(model, "owl:conflict"), "no-license (high): "));
  EXPECT_EQ(properties(model, "owl:tier"), std::vector<std::string>{"proprietary-or-unknown"});

  // SPDX 3: owl looked and found nothing, on both sides: NoneLicense.
  const SpdxView spdx(bom_of("spdx", releases.path("no-licence")));
  const std::string release = spdx.package("no-licence");
  EXPECT_EQ(spdx.targets(release, "hasDeclaredLicense"),
            std::vector<std::string>{"expandedlicensing_NoneLicense"});
  EXPECT_EQ(spdx.targets(release, "hasConcludedLicense"),
            std::vector<std::string>{"expandedlicensing_NoneLicense"});
  const json& profiles = spdx.document()["profileConformance"];
  EXPECT_NE(std::find(profiles.begin(), profiles.end(), "expandedLicensing"), profiles.end());
}

TEST(OwlBomReleases, PlaceholderLicenceIsNoAssertionOnTheDeclaredSide) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("template", "license: '[More Information Needed]'\n");
  const SpdxView spdx(bom_of("spdx", releases.path("template")));
  const std::string release = spdx.package("template");
  EXPECT_EQ(spdx.targets(release, "hasDeclaredLicense"),
            std::vector<std::string>{"expandedlicensing_NoAssertionLicense"});
  EXPECT_EQ(spdx.targets(release, "hasConcludedLicense"),
            std::vector<std::string>{"expandedlicensing_NoneLicense"});
  const json cdx = bom_of("cyclonedx", releases.path("template"));
  EXPECT_FALSE(cdx["components"][0].contains("licenses"));
}

// owl's Open RAIL++-M ids hold '+', which an SPDX idstring may not: every
// LicenseRef the BOMs print must be the sanitised one (the validator checks
// every string in both BOMs too).
TEST(OwlBomReleases, OpenRailPlusPlusIdsAreValidLicenseRefs) {
  OWL_REQUIRE_BOM_SCHEMAS();
  Releases releases;
  releases.add("sdxl-finetune", "license: openrail++\n")
      .license("sdxl-finetune", "sdxl-1.0/LICENSE-SDXL1.0", "LICENSE");

  const json cdx = bom_of("cyclonedx", releases.path("sdxl-finetune"));
  EXPECT_EQ(cdx.dump().find("LicenseRef-owl-openrail+"), std::string::npos);
  const json& model = cdx["components"][0];
  const auto declared = cdx_licenses(model, "declared");
  ASSERT_EQ(declared.size(), 1u);
  EXPECT_EQ(declared[0]["licensing"]["altIds"][0], "LicenseRef-owl-openrail---m-2023-07-26");
  EXPECT_EQ(properties(declared[0], "owl:written"), std::vector<std::string>{"openrail++"});
  const auto concluded = cdx_licenses(model, "concluded");
  ASSERT_EQ(concluded.size(), 1u);
  EXPECT_EQ(concluded[0]["name"], "CreativeML Open RAIL++-M (July 26, 2023; SDXL 1.0)");
  EXPECT_EQ(concluded[0]["licensing"]["altIds"][0], "LicenseRef-owl-openrail---m-2023-07-26");

  const json spdx_bom = bom_of("spdx", releases.path("sdxl-finetune"));
  EXPECT_EQ(spdx_bom.dump().find("LicenseRef-owl-openrail+"), std::string::npos);
  const SpdxView spdx(spdx_bom);
  const std::string release = spdx.package("sdxl-finetune");
  EXPECT_EQ(spdx.targets(release, "hasDeclaredLicense"),
            std::vector<std::string>{"LicenseRef-owl-openrail---m-2023-07-26"});
  EXPECT_EQ(spdx.targets(release, "hasConcludedLicense"),
            std::vector<std::string>{"LicenseRef-owl-openrail---m-2023-07-26"});
}

}  // namespace
}  // namespace owl
