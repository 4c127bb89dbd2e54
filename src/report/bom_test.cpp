// The BOM printers on hand-made audits: each field comes from the fact it
// should, declared and concluded licences stay apart, and nothing is made up.
#include "owl/bom.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "owl/knowledge.h"
#include "report/bom_common.h"
#include "report/bom_schema_check.h"
#include "test_support.h"

namespace owl {
namespace {

using nlohmann::json;

constexpr const char* kComputed =
    "6ec8c1fa850c7d117e9c0337e96b82ff3a383cafed7e49bf1709044980ddb56b";
const std::string kRecorded(64, 'a');
const std::string kPointerOid(64, 'b');

BomOptions pinned() { return {"9.9.9", "2025-01-31T12:00:00Z", uuid_from_seed("test")}; }

LicenseClaim claim(ClaimOrigin origin, std::string written, std::string id, std::string file,
                   std::string where) {
  LicenseClaim out;
  out.origin = origin;
  out.written = std::move(written);
  out.id = std::move(id);
  out.facts = KnowledgeBase::builtin().find(out.id);
  out.evidence.source = {std::move(file), std::move(where)};
  return out;
}

// A Llama 3.1 fine-tune from a Hub cache that labels itself Apache-2.0.
ReleaseAudit llama_finetune() {
  ReleaseAudit audit;
  Release& release = audit.release;
  release.name = "acme/tiny-llama";
  release.layout = ReleaseLayout::kHubCacheSnapshot;
  release.revision = "ABC123";
  Artifact weights;
  weights.path = "model.safetensors";
  weights.format = ArtifactFormat::kSafetensors;
  weights.size_bytes = 136;
  weights.parameter_count = 24;
  weights.architecture = "llama";
  weights.sha256 = kComputed;
  weights.recorded_sha256 = kRecorded;
  weights.recorded_sha256_source = Source{"model.safetensors", "hub cache blob name"};
  Artifact pointer;
  pointer.path = "model-00002.safetensors";
  pointer.format = ArtifactFormat::kLfsPointer;
  pointer.size_bytes = 2669283096;
  pointer.recorded_sha256 = kPointerOid;
  pointer.recorded_sha256_source = Source{"model-00002.safetensors", "oid"};
  release.artifacts = {weights, pointer};
  release.datasets = {{"acme/chat-data", Source{"README.md", "line 7"}}};

  Assessment& assessment = audit.assessment;
  assessment.claims = {
      claim(ClaimOrigin::kCardMetadata, "apache-2.0", "Apache-2.0", "README.md", "line 3"),
      claim(ClaimOrigin::kLicenseFile, "Apache License 2.0", "Apache-2.0", "LICENSE", ""),
      claim(ClaimOrigin::kCardProse, "My Own Terms v2", "", "README.md", "line 40"),
      claim(ClaimOrigin::kCardMetadata, "other", "", "README.md", "line 4"),
  };
  assessment.claims.back().placeholder = true;
  assessment.declared = {"Apache-2.0"};
  assessment.declared_tier = Tier::kOpenPermissive;
  Ancestor base;
  base.name = "meta-llama/Llama-3.1-8B";
  base.relation = BaseRelation::kFinetune;
  base.via = "card base_model";
  base.confidence = Confidence::kHigh;
  base.family = ModelFamily{"llama", "3.1"};
  base.license_id = "LicenseRef-owl-llama-3.1";
  base.license_basis = "Llama 3.1 family";
  base.evidence.source = {"README.md", "line 5"};
  assessment.lineage = {base};
  Terms inherited;
  inherited.id = "LicenseRef-owl-llama-3.1";
  inherited.facts = KnowledgeBase::builtin().find(inherited.id);
  inherited.why = "inherited from base meta-llama/Llama-3.1-8B";
  inherited.inherited = true;
  assessment.effective = {inherited};
  assessment.effective_tier = Tier::kSourceAvailableRevocable;
  assessment.more_permissive_label = true;
  Conflict conflict;
  conflict.kind = ConflictKind::kPermissiveLabelOnRestrictiveBase;
  conflict.severity = Severity::kHigh;
  conflict.message = "Labelled apache-2.0, but its base is under the Llama 3.1 licence.";
  assessment.conflicts = {conflict};
  return audit;
}

std::vector<std::string> property_values(const json& holder, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& property : holder.value("properties", json::array()))
    if (property["name"] == name) out.push_back(property["value"]);
  return out;
}

TEST(BomKnowledge, FixtureLicencesAreKnown) {
  ASSERT_NE(KnowledgeBase::builtin().find("LicenseRef-owl-llama-3.1"), nullptr);
  ASSERT_TRUE(KnowledgeBase::builtin().find("LicenseRef-owl-llama-3.1")->use_restrictions.present);
}

TEST(CycloneDx, ModelComponentCarriesHubCoordinates) {
  const json bom = json::parse(cyclonedx_json({llama_finetune()}, pinned()));
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["serialNumber"], "urn:uuid:" + uuid_from_seed("test"));
  EXPECT_EQ(bom["metadata"]["timestamp"], "2025-01-31T12:00:00Z");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["name"], "owl");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["version"], "9.9.9");
  ASSERT_EQ(bom["components"].size(), 2u);  // the model, its dataset
  const json& model = bom["components"][0];
  EXPECT_EQ(model["type"], "machine-learning-model");
  EXPECT_EQ(model["group"], "acme");
  EXPECT_EQ(model["name"], "tiny-llama");
  EXPECT_EQ(model["version"], "ABC123");
  EXPECT_EQ(model["supplier"]["name"], "acme");
  EXPECT_EQ(model["purl"], "pkg:huggingface/acme/tiny-llama@abc123");  // purl: lowercased
  EXPECT_EQ(model["externalReferences"][0]["url"], "https://huggingface.co/acme/tiny-llama");
}

TEST(CycloneDx, DeclaredAndConcludedLicencesStayApart) {
  const json model = json::parse(cyclonedx_json({llama_finetune()}, pinned()))["components"][0];
  const json& licenses = model["licenses"];
  ASSERT_EQ(licenses.size(), 3u);  // Apache-2.0 once, the unresolved name, the inherited terms
  EXPECT_EQ(licenses[0]["license"]["id"], "Apache-2.0");
  EXPECT_EQ(licenses[0]["license"]["acknowledgement"], "declared");
  EXPECT_EQ(property_values(licenses[0]["license"], "owl:source"),
            (std::vector<std::string>{"README.md line 3", "LICENSE"}));
  EXPECT_EQ(licenses[1]["license"]["name"], "My Own Terms v2");
  EXPECT_FALSE(licenses[1]["license"].contains("id"));
  const json& concluded = licenses[2]["license"];
  EXPECT_EQ(concluded["acknowledgement"], "concluded");
  EXPECT_FALSE(concluded.contains("id"));  // not an SPDX id: by name, owl's id as altId
  EXPECT_EQ(concluded["name"], KnowledgeBase::builtin().find("LicenseRef-owl-llama-3.1")->name);
  EXPECT_EQ(concluded["licensing"]["altIds"][0], "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(property_values(concluded, "owl:inherited"), std::vector<std::string>{"true"});
}

TEST(CycloneDx, WeightsFilesCarryTheHashOwlCanStandBehind) {
  const json model = json::parse(cyclonedx_json({llama_finetune()}, pinned()))["components"][0];
  ASSERT_EQ(model["components"].size(), 2u);
  const json& computed = model["components"][0];
  EXPECT_EQ(computed["type"], "file");
  EXPECT_EQ(computed["hashes"][0]["alg"], "SHA-256");
  EXPECT_EQ(computed["hashes"][0]["content"], kComputed);
  EXPECT_EQ(property_values(computed, "owl:recorded-sha256-mismatch"),
            std::vector<std::string>{kRecorded});
  const json& pointer = model["components"][1];
  EXPECT_EQ(pointer["hashes"][0]["content"], kPointerOid);
  EXPECT_EQ(property_values(pointer, "owl:sha256-basis"),
            std::vector<std::string>{"recorded: model-00002.safetensors oid"});
  EXPECT_EQ(property_values(pointer, "owl:size-bytes"), std::vector<std::string>{"2669283096"});
}

TEST(CycloneDx, LineageDatasetsAndFindings) {
  const json bom = json::parse(cyclonedx_json({llama_finetune()}, pinned()));
  const json& model = bom["components"][0];
  const json& ancestors = model["pedigree"]["ancestors"];
  ASSERT_EQ(ancestors.size(), 1u);
  EXPECT_EQ(ancestors[0]["name"], "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(ancestors[0]["licenses"][0]["license"]["acknowledgement"], "concluded");
  EXPECT_EQ(property_values(ancestors[0], "owl:relation"), std::vector<std::string>{"finetune"});
  EXPECT_EQ(model["modelCard"]["modelParameters"]["architectureFamily"], "llama");
  EXPECT_EQ(model["modelCard"]["modelParameters"]["datasets"][0]["ref"], "dataset/acme/chat-data");
  EXPECT_EQ(model["modelCard"]["considerations"]["ethicalConsiderations"].size(), 1u);
  EXPECT_FALSE(model["modelCard"].contains("quantitativeAnalysis"));
  const json& dataset = bom["components"][1];
  EXPECT_EQ(dataset["type"], "data");
  EXPECT_EQ(dataset["bom-ref"], "dataset/acme/chat-data");
  EXPECT_EQ(property_values(model, "owl:tier"),
            std::vector<std::string>{"source-available-revocable"});
  const auto conflicts = property_values(model, "owl:conflict");
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].rfind("permissive-label-on-restrictive-base (high): Labelled", 0), 0u);
  ASSERT_EQ(bom["dependencies"].size(), 2u);
  EXPECT_EQ(bom["dependencies"][0]["ref"], model["bom-ref"]);
  EXPECT_EQ(bom["dependencies"][0]["dependsOn"], json::array({"dataset/acme/chat-data"}));
  EXPECT_EQ(bom["dependencies"][1]["dependsOn"], json::array());
}

TEST(CycloneDx, PlainFolderGetsNoInventedCoordinates) {
  ReleaseAudit audit;
  audit.release.name = "tiny-release";
  const json model = json::parse(cyclonedx_json({audit}, pinned()))["components"][0];
  EXPECT_EQ(model["name"], "tiny-release");
  for (const char* key : {"purl", "supplier", "group", "version", "licenses", "modelCard",
                          "pedigree", "externalReferences"})
    EXPECT_FALSE(model.contains(key)) << key;
}

TEST(Bom, SameInputSameBytes) {
  const auto audits = std::vector<ReleaseAudit>{llama_finetune(), llama_finetune()};
  EXPECT_EQ(cyclonedx_json(audits, pinned()), cyclonedx_json(audits, pinned()));
  EXPECT_EQ(spdx_json(audits, pinned()), spdx_json(audits, pinned()));
}

TEST(Bom, InvalidUtf8IsReplacedNotThrown) {
  ReleaseAudit audit;
  audit.release.name = "bad\xff name";
  EXPECT_NO_THROW(cyclonedx_json({audit}, pinned()));
  EXPECT_NO_THROW(spdx_json({audit}, pinned()));
}

TEST(Bom, SeededUuidAndTimestampAreWellFormed) {
  const std::string uuid = uuid_from_seed("x");
  EXPECT_EQ(uuid, uuid_from_seed("x"));
  EXPECT_NE(uuid, uuid_from_seed("y"));
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[14], '5');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_EQ(utc_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_timestamp(1700000000), "2023-11-14T22:13:20Z");
}

// --- SPDX 3.0.1 ---------------------------------------------------------------

struct SpdxView {
  json document;
  std::map<std::string, json> by_id;
  std::vector<json> relationships;

  explicit SpdxView(const std::string& text) : document(json::parse(text)) {
    for (const auto& node : document["@graph"]) {
      if (node.contains("spdxId")) by_id[node["spdxId"]] = node;
      if (node["type"] == "Relationship") relationships.push_back(node);
    }
  }
  std::vector<json> of_type(const std::string& type) const {
    std::vector<json> out;
    for (const auto& node : document["@graph"])
      if (node["type"] == type) out.push_back(node);
    return out;
  }
  std::vector<json> related(const std::string& from, const std::string& type) const {
    std::vector<json> out;
    for (const auto& relationship : relationships)
      if (relationship["from"] == from && relationship["relationshipType"] == type)
        for (const auto& to : relationship["to"]) out.push_back(by_id.at(to));
    return out;
  }
};

TEST(Spdx, DocumentShape) {
  const SpdxView view(spdx_json({llama_finetune()}, pinned()));
  EXPECT_EQ(view.document["@context"], "https://spdx.org/rdf/3.0.1/spdx-context.jsonld");
  const auto creation = view.of_type("CreationInfo");
  ASSERT_EQ(creation.size(), 1u);
  EXPECT_EQ(creation[0]["specVersion"], "3.0.1");
  EXPECT_EQ(creation[0]["created"], "2025-01-31T12:00:00Z");
  EXPECT_EQ(view.by_id.at(creation[0]["createdBy"][0])["type"], "SoftwareAgent");
  EXPECT_EQ(view.by_id.at(creation[0]["createdUsing"][0])["name"], "owl 9.9.9");
  const std::string ns = "https://owl.invalid/spdx/" + uuid_from_seed("test") + "/";
  for (const auto& [id, node] : view.by_id) {
    EXPECT_EQ(id.rfind(ns, 0), 0u) << id;
    EXPECT_EQ(node["creationInfo"], creation[0]["@id"]) << id;
  }
  const auto documents = view.of_type("SpdxDocument");
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0]["profileConformance"],
            json({"core", "software", "ai", "dataset", "simpleLicensing"}));
  EXPECT_EQ(documents[0]["element"].size(), view.by_id.size() - 1);  // all but itself
  EXPECT_EQ(documents[0]["rootElement"], json::array({ns + "release/1"}));
}

TEST(Spdx, AiPackageFromWhatWasRead) {
  const SpdxView view(spdx_json({llama_finetune()}, pinned()));
  const auto packages = view.of_type("ai_AIPackage");
  ASSERT_EQ(packages.size(), 2u);  // the release and its base
  const json& model = packages[0];
  EXPECT_EQ(model["name"], "acme/tiny-llama");
  EXPECT_EQ(model["software_packageVersion"], "ABC123");
  EXPECT_EQ(model["software_downloadLocation"], "https://huggingface.co/acme/tiny-llama");
  EXPECT_EQ(model["software_packageUrl"], "pkg:huggingface/acme/tiny-llama@abc123");
  EXPECT_EQ(view.by_id.at(model["suppliedBy"])["name"], "acme");
  EXPECT_FALSE(model.contains("ai_typeOfModel"));  // owl does not know it: not said
  EXPECT_FALSE(model.contains("ai_domain"));
  EXPECT_NE(model["ai_limitation"].get<std::string>().find("LicenseRef-owl-llama-3.1"),
            std::string::npos);
  const auto files = view.related(model["spdxId"], "contains");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0]["type"], "software_File");
  EXPECT_EQ(files[0]["verifiedUsing"][0]["algorithm"], "sha256");
  EXPECT_EQ(files[0]["verifiedUsing"][0]["hashValue"], kComputed);
  EXPECT_EQ(files[1]["verifiedUsing"][0]["hashValue"], kPointerOid);
  const auto datasets = view.related(model["spdxId"], "trainedOn");
  ASSERT_EQ(datasets.size(), 1u);
  EXPECT_EQ(datasets[0]["type"], "dataset_DatasetPackage");
  EXPECT_EQ(datasets[0]["dataset_datasetType"], json::array({"noAssertion"}));
}

TEST(Spdx, LicencesAsExpressionsDeclaredApartFromConcluded) {
  const SpdxView view(spdx_json({llama_finetune()}, pinned()));
  const std::string model = view.of_type("ai_AIPackage")[0]["spdxId"];
  const auto declared = view.related(model, "hasDeclaredLicense");
  ASSERT_EQ(declared.size(), 2u);
  EXPECT_EQ(declared[0]["simplelicensing_licenseExpression"], "Apache-2.0");
  EXPECT_EQ(declared[1]["simplelicensing_licenseExpression"],
            "LicenseRef-owl-declared-My-Own-Terms-v2");
  EXPECT_EQ(declared[1]["name"], "My Own Terms v2");
  const auto concluded = view.related(model, "hasConcludedLicense");
  ASSERT_EQ(concluded.size(), 1u);
  EXPECT_EQ(concluded[0]["simplelicensing_licenseExpression"], "LicenseRef-owl-llama-3.1");
  // The base's terms are the same element, not a second copy.
  const std::string base = view.of_type("ai_AIPackage")[1]["spdxId"];
  EXPECT_EQ(view.related(base, "hasConcludedLicense")[0]["spdxId"], concluded[0]["spdxId"]);
  EXPECT_EQ(view.related(base, "ancestorOf")[0]["spdxId"], model);
}

TEST(Spdx, LicenseRefWithCharactersSpdxForbidsIsSanitised) {
  ReleaseAudit audit;
  audit.release.name = "rail";
  Terms terms;
  terms.id = "LicenseRef-owl-openrail++-m-2022-11-24";
  audit.assessment.effective = {terms};
  const SpdxView view(spdx_json({audit}, pinned()));
  const auto concluded =
      view.related(view.of_type("ai_AIPackage")[0]["spdxId"], "hasConcludedLicense");
  ASSERT_EQ(concluded.size(), 1u);
  EXPECT_EQ(concluded[0]["simplelicensing_licenseExpression"],
            "LicenseRef-owl-openrail---m-2022-11-24");
}

// The Hub label "openrail++" resolves to an expression of two owl ids that
// hold '+'; the conflict sentence and the use restriction quote an id too.
ReleaseAudit openrail_release() {
  ReleaseAudit audit;
  audit.release.name = "sdxl-style";
  const std::string either =
      "LicenseRef-owl-openrail++-m-2023-07-26 OR LicenseRef-owl-openrail++-m-2022-11-24";
  audit.assessment.claims = {
      claim(ClaimOrigin::kCardMetadata, "openrail++", either, "README.md", "line 2")};
  Terms terms;
  terms.id = "LicenseRef-owl-openrail++-m-2023-07-26";
  terms.facts = KnowledgeBase::builtin().find(terms.id);
  terms.why = "its LICENSE file";
  audit.assessment.effective = {terms};
  Conflict conflict;
  conflict.kind = ConflictKind::kUseRestrictionsDropped;
  conflict.message =
      "derives from a base under Open RAIL++-M (LicenseRef-owl-openrail++-m-2022-11-24): "
      "its use restrictions must flow down";
  audit.assessment.conflicts = {conflict};
  return audit;
}

TEST(BomLicenseRef, SpdxSafeRewritesOnlyLicenseRefs) {
  using bom_detail::spdx_safe;
  EXPECT_EQ(spdx_safe("LicenseRef-owl-openrail++-m-2023-07-26"),
            "LicenseRef-owl-openrail---m-2023-07-26");
  EXPECT_EQ(spdx_safe("(LicenseRef-a++ OR GPL-2.0+)"), "(LicenseRef-a-- OR GPL-2.0+)");
  EXPECT_EQ(spdx_safe("under X (LicenseRef-owl-x_y++): so, [§2]"),
            "under X (LicenseRef-owl-x-y--): so, [§2]");
  EXPECT_EQ(spdx_safe("no ids here, c++"), "no ids here, c++");
}

TEST(BomLicenseRef, NoInvalidLicenseRefInEitherFormat) {
  const std::vector<ReleaseAudit> audits{openrail_release()};
  const std::string cdx_text = cyclonedx_json(audits, pinned());
  const std::string spdx_text = spdx_json(audits, pinned());
  EXPECT_EQ(cdx_text.find("LicenseRef-owl-openrail+"), std::string::npos);
  EXPECT_EQ(spdx_text.find("LicenseRef-owl-openrail+"), std::string::npos);
  // CycloneDX: a non-SPDX licence goes by name; its LicenseRef is an altId.
  const json cdx = json::parse(cdx_text);
  const json& declared = cdx["components"][0]["licenses"][0]["license"];
  EXPECT_FALSE(declared.contains("id"));
  EXPECT_EQ(declared["licensing"]["altIds"][0],
            "LicenseRef-owl-openrail---m-2023-07-26 OR LicenseRef-owl-openrail---m-2022-11-24");
  EXPECT_EQ(property_values(declared, "owl:license-expression")[0],
            declared["licensing"]["altIds"][0]);
  const json& concluded = cdx["components"][0]["licenses"][1]["license"];
  EXPECT_EQ(concluded["name"], "CreativeML Open RAIL++-M (July 26, 2023; SDXL 1.0)");
  EXPECT_EQ(concluded["licensing"]["altIds"][0], "LicenseRef-owl-openrail---m-2023-07-26");
  // SPDX: the expression and its customIdToUri key.
  const SpdxView view(spdx_text);
  const std::string model = view.of_type("ai_AIPackage")[0]["spdxId"];
  EXPECT_EQ(view.related(model, "hasDeclaredLicense")[0]["simplelicensing_licenseExpression"],
            "(LicenseRef-owl-openrail---m-2023-07-26 OR LicenseRef-owl-openrail---m-2022-11-24)");
  const json concluded_spdx = view.related(model, "hasConcludedLicense")[0];
  EXPECT_EQ(concluded_spdx["simplelicensing_customIdToUri"][0]["key"],
            "LicenseRef-owl-openrail---m-2023-07-26");
}

TEST(BomLicenseRef, ValidatorRejectsAnInvalidLicenseRef) {
  OWL_REQUIRE_BOM_SCHEMAS();
  testing::TempDir dir;
  const std::vector<ReleaseAudit> audits{openrail_release()};
  testing::write_file(dir.path() / "cdx.json", cyclonedx_json(audits, pinned()));
  testing::write_file(dir.path() / "spdx.json", spdx_json(audits, pinned()));
  const auto clean = testing::validate_bom("cyclonedx", dir.path() / "cdx.json");
  EXPECT_TRUE(clean.valid) << clean.output;
  EXPECT_TRUE(testing::validate_bom("spdx", dir.path() / "spdx.json").valid);
  // The same BOM with one id put back the way owl spells it internally.
  std::string broken = testing::read_file(dir.path() / "cdx.json");
  const std::string safe = "LicenseRef-owl-openrail---m-2023-07-26";
  broken.replace(broken.find(safe), safe.size(), "LicenseRef-owl-openrail++-m-2023-07-26");
  testing::write_file(dir.path() / "broken.json", broken);
  const auto verdict = testing::validate_bom("cyclonedx", dir.path() / "broken.json");
  EXPECT_FALSE(verdict.valid);
  EXPECT_NE(verdict.output.find("LicenseRef-owl-openrail++-m-2023-07-26 is not a valid LicenseRef"),
            std::string::npos)
      << verdict.output;
}

TEST(Bom, NoLicenceIsNoneInSpdxAndAbsentInCycloneDx) {
  ReleaseAudit audit;
  audit.release.name = "bare";
  const SpdxView view(spdx_json({audit}, pinned()));
  const std::string model = view.of_type("ai_AIPackage")[0]["spdxId"];
  for (const char* type : {"hasDeclaredLicense", "hasConcludedLicense"}) {
    size_t seen = 0;
    for (const auto& relationship : view.relationships)
      if (relationship["from"] == model && relationship["relationshipType"] == type) {
        EXPECT_EQ(relationship["to"], json::array({"expandedlicensing_NoneLicense"}));
        ++seen;
      }
    EXPECT_EQ(seen, 1u) << type;
  }
  EXPECT_EQ(view.of_type("SpdxDocument")[0]["profileConformance"].back(), "expandedLicensing");
  const json cdx = json::parse(cyclonedx_json({audit}, pinned()));
  EXPECT_FALSE(cdx["components"][0].contains("licenses"));
}

TEST(Bom, UnresolvedDeclaredLicenceIsNoAssertionConcluded) {
  ReleaseAudit audit;
  audit.release.name = "custom";
  audit.assessment.claims = {
      claim(ClaimOrigin::kCardMetadata, "ACME Model Terms", "", "README.md", "line 2")};
  const SpdxView view(spdx_json({audit}, pinned()));
  const std::string model = view.of_type("ai_AIPackage")[0]["spdxId"];
  for (const auto& relationship : view.relationships)
    if (relationship["from"] == model && relationship["relationshipType"] == "hasConcludedLicense")
      EXPECT_EQ(relationship["to"], json::array({"expandedlicensing_NoAssertionLicense"}));
  EXPECT_EQ(view.related(model, "hasDeclaredLicense")[0]["name"], "ACME Model Terms");
}

TEST(Spdx, ScannedBaseIsReferencedNotRepeated) {
  ReleaseAudit base;
  base.release.name = "meta-llama/Llama-3.1-8B";
  const SpdxView view(spdx_json({base, llama_finetune()}, pinned()));
  const auto packages = view.of_type("ai_AIPackage");
  ASSERT_EQ(packages.size(), 2u);  // both releases, no extra ancestor element
  const auto descendants = view.related(packages[0]["spdxId"], "ancestorOf");
  ASSERT_EQ(descendants.size(), 1u);
  EXPECT_EQ(descendants[0]["name"], "acme/tiny-llama");
}

TEST(Spdx, RepeatedDatasetAndSelfNamedBaseStayWellFormed) {
  ReleaseAudit audit = llama_finetune();
  audit.release.datasets.push_back(
      {"acme/chat-data", Source{"model.gguf", "key general.dataset.0"}});
  Ancestor self;
  self.name = audit.release.name;  // a card that names itself as its base
  audit.assessment.lineage.push_back(self);
  const SpdxView view(spdx_json({audit}, pinned()));
  const std::string model = view.of_type("ai_AIPackage")[0]["spdxId"];
  EXPECT_EQ(view.related(model, "trainedOn").size(), 1u);
  EXPECT_EQ(view.related(model, "ancestorOf").size(), 0u);  // never its own ancestor
  const json cdx = json::parse(cyclonedx_json({audit}, pinned()));
  EXPECT_EQ(cdx["components"][0]["modelCard"]["modelParameters"]["datasets"].size(), 1u);
  EXPECT_EQ(cdx["dependencies"][0]["dependsOn"].size(), 1u);
}

// The richest BOMs the printers make (names, altIds, pedigree, ethical
// considerations, ancestors by reference) against the official schemas.
TEST(BomSchema, HandMadeAuditsValidate) {
  OWL_REQUIRE_BOM_SCHEMAS();
  ReleaseAudit base;
  base.release.name = "meta-llama/Llama-3.1-8B";
  const std::vector<ReleaseAudit> audits{base, llama_finetune()};
  testing::TempDir dir;
  testing::write_file(dir.path() / "cdx.json", cyclonedx_json(audits, pinned()));
  testing::write_file(dir.path() / "spdx.json", spdx_json(audits, pinned()));
  const auto cyclonedx = testing::validate_bom("cyclonedx", dir.path() / "cdx.json");
  EXPECT_TRUE(cyclonedx.valid) << cyclonedx.output;
  const auto spdx = testing::validate_bom("spdx", dir.path() / "spdx.json");
  EXPECT_TRUE(spdx.valid) << spdx.output;
}

}  // namespace
}  // namespace owl
