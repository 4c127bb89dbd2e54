// Assessment of small releases assembled from real corpus licence texts:
// each tier, each threshold, each conflict kind, the TinyLlama trap, a RAIL
// derivative, a GGUF whose metadata disagrees with its card.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "owl/audit.h"
#include "test_support.h"

namespace owl {
namespace {

namespace fs = std::filesystem;
using testing::corpus;
using testing::TempDir;
using testing::write_file;

// A release folder named `name` under a temp dir: a card, and licence files
// copied from ../shared/corpus/licenses.
class Fixture {
 public:
  explicit Fixture(const std::string& name) : root_(dir_.path() / name) {
    fs::create_directories(root_);
  }
  Fixture& card(const std::string& front_matter, const std::string& body = "# Model\n") {
    write_file(root_ / "README.md", "---\n" + front_matter + "---\n" + body);
    return *this;
  }
  Fixture& license(const std::string& corpus_path, const std::string& as = "LICENSE") {
    fs::copy_file(corpus("licenses/" + corpus_path), root_ / as);
    return *this;
  }
  Fixture& file(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    write_file(root_ / relative, text);
    return *this;
  }
  Fixture& copy(const fs::path& from, const std::string& as) {
    fs::copy_file(from, root_ / as);
    return *this;
  }
  const fs::path& root() const { return root_; }
  const fs::path& parent() const { return dir_.path(); }

  ReleaseAudit audit(std::optional<DeploymentProfile> profile = std::nullopt) const {
    AuditOptions options;
    options.assess.profile = std::move(profile);
    auto locations = find_releases(root_.string(), options.find);
    EXPECT_TRUE(locations.has_value());
    EXPECT_EQ(locations->size(), 1u);
    return audit_release(locations->front(), options);
  }

 private:
  TempDir dir_;
  fs::path root_;
};

bool has_conflict(const Assessment& a, ConflictKind kind, Severity at_least = Severity::kLow) {
  return std::any_of(a.conflicts.begin(), a.conflicts.end(),
                     [&](const Conflict& c) { return c.kind == kind && c.severity >= at_least; });
}

size_t count_conflicts(const Assessment& a, ConflictKind kind) {
  return static_cast<size_t>(std::count_if(a.conflicts.begin(), a.conflicts.end(),
                                           [&](const Conflict& c) { return c.kind == kind; }));
}

bool has_duty(const UseVerdict& use, const std::string& words) {
  return std::any_of(use.duties.begin(), use.duties.end(),
                     [&](const Duty& d) { return d.action.find(words) != std::string::npos; });
}

bool effective_has(const Assessment& a, const std::string& id) {
  return std::any_of(a.effective.begin(), a.effective.end(),
                     [&](const Terms& t) { return t.id == id; });
}

DeploymentProfile commercial(uint64_t users) {
  DeploymentProfile profile;
  profile.commercial = true;
  profile.monthly_active_users = users;
  profile.redistribute_weights = true;
  profile.fine_tune = true;
  return profile;
}

TEST(Assessment, PermissiveReleaseIsCleanAndAllowed) {
  Fixture release("gpt-oss-20b");
  release.card("license: apache-2.0\n").license("gpt-oss/LICENSE");
  const auto audit = release.audit(commercial(5'000'000));
  const auto& a = audit.assessment;
  EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
  ASSERT_EQ(a.effective.size(), 1u);
  EXPECT_EQ(a.effective[0].id, "Apache-2.0");
  EXPECT_EQ(a.effective[0].why, "its LICENSE file");
  EXPECT_TRUE(a.conflicts.empty()) << a.conflicts[0].message;
  ASSERT_TRUE(a.use);
  EXPECT_EQ(a.use->permission, Permission::kAllowedWithDuties);  // keep the licence and notices
  for (const auto& reason : a.use->reasons) EXPECT_EQ(reason.effect, Permission::kAllowed);
}

TEST(Assessment, Llama31ThresholdDecidesCommercialUse) {
  Fixture release("Llama-3.1-8B");
  release.card("license: llama3.1\n")
      .license("llama-3.1/LICENSE")
      .license("llama-3.1/USE_POLICY.md", "USE_POLICY.md");
  const auto small = release.audit(commercial(2'000'000)).assessment;
  EXPECT_EQ(small.effective_tier, Tier::kSourceAvailableRevocable);
  ASSERT_TRUE(small.use);
  EXPECT_EQ(small.use->permission, Permission::kAllowedWithDuties);
  EXPECT_TRUE(has_duty(*small.use, "Built with Llama"));
  EXPECT_TRUE(has_duty(*small.use, "acceptable use policy") ||
              has_duty(*small.use, "Acceptable Use Policy"));
  const auto big = release.audit(commercial(800'000'000)).assessment;
  ASSERT_TRUE(big.use);
  EXPECT_EQ(big.use->permission, Permission::kNotAllowed);
  const auto& reason = big.use->reasons;
  EXPECT_TRUE(std::any_of(reason.begin(), reason.end(), [](const Reason& r) {
    return r.effect == Permission::kNotAllowed && r.cite.license_id == "LicenseRef-owl-llama-3.1" &&
           r.cite.section == "§2";
  }));
  // No user count: the threshold becomes a duty, not an assumption.
  DeploymentProfile unknown_users;
  unknown_users.commercial = true;
  const auto unstated = release.audit(unknown_users).assessment;
  EXPECT_TRUE(has_duty(*unstated.use, "700M monthly active users"));
}

TEST(Assessment, ApacheLabelOnLlamaFineTuneIsLaundering) {
  Fixture release("my-assistant-8b");
  release.card("license: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B-Instruct\n");
  const auto a = release.audit().assessment;
  EXPECT_EQ(a.declared_tier, Tier::kOpenPermissive);
  EXPECT_EQ(a.effective_tier, Tier::kSourceAvailableRevocable);
  EXPECT_TRUE(a.more_permissive_label);
  EXPECT_TRUE(effective_has(a, "LicenseRef-owl-llama-3.1"));
  ASSERT_FALSE(a.conflicts.empty());
  EXPECT_EQ(a.conflicts[0].kind, ConflictKind::kPermissiveLabelOnRestrictiveBase);
  EXPECT_EQ(a.conflicts[0].severity, Severity::kHigh);
  EXPECT_EQ(a.conflicts[0].evidence[0].source.describe(), "README.md line 2");
  // The derivative owes "Built with Llama" and the "Llama" name prefix.
  EXPECT_TRUE(has_conflict(a, ConflictKind::kRequiredNoticeMissing));
  EXPECT_GE(count_conflicts(a, ConflictKind::kRequiredNoticeMissing), 2u);
}

TEST(Assessment, DerivativeThatKeepsLlamaTermsHasNoLaunderingConflict) {
  Fixture release("Llama-3.1-8B-Chat-Ours");
  release
      .card("license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n",
            "# Ours\n\nBuilt with Llama.\n")
      .license("llama-3.1/LICENSE")
      .file("NOTICE", "Llama 3.1 is licensed under the Llama 3.1 Community License.\n")
      .file("model.safetensors", std::string("\x08\0\0\0\0\0\0\0{}      ", 16));
  const auto a = release.audit().assessment;
  EXPECT_FALSE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase));
  EXPECT_FALSE(has_conflict(a, ConflictKind::kRequiredNoticeMissing));
  EXPECT_FALSE(has_conflict(a, ConflictKind::kDeclarationsDisagree));
}

TEST(Assessment, KimiModifiedMitLabelledMit) {
  Fixture release("Kimi-K2-Instruct");
  release.card("license: mit\n").license("kimi-k2/LICENSE");
  const auto low = release.audit(commercial(1'000'000)).assessment;
  EXPECT_TRUE(has_conflict(low, ConflictKind::kModifiedPresentedAsPlain, Severity::kHigh));
  EXPECT_FALSE(has_conflict(low, ConflictKind::kDeclarationsDisagree));
  EXPECT_TRUE(effective_has(low, "LicenseRef-owl-kimi-k2"));
  const auto high = release.audit(commercial(150'000'000)).assessment;
  ASSERT_TRUE(high.use);
  EXPECT_EQ(high.use->permission, Permission::kAllowedWithDuties);
  EXPECT_TRUE(has_duty(*high.use, "Kimi K2"));
}

TEST(Assessment, NonCommercialTermsInACommercialProfile) {
  Fixture release("FLUX.1-dev");
  release.card("license: other\nlicense_name: flux-1-dev-non-commercial-license\n")
      .license("flux1-dev/LICENSE-FLUX1-dev", "LICENSE.md");
  const auto a = release.audit(commercial(10)).assessment;
  EXPECT_EQ(a.effective_tier, Tier::kNonCommercial);
  ASSERT_TRUE(a.use);
  EXPECT_EQ(a.use->permission, Permission::kNotAllowed);
  EXPECT_TRUE(has_conflict(a, ConflictKind::kNonCommercialUse, Severity::kHigh));
  DeploymentProfile research;
  research.commercial = false;
  const auto ok = release.audit(research).assessment;
  EXPECT_NE(ok.use->permission, Permission::kNotAllowed);
  EXPECT_FALSE(has_conflict(ok, ConflictKind::kNonCommercialUse));
}

TEST(Assessment, RailDerivativeDroppingUseRestrictions) {
  Fixture release("anime-diffusion");
  release.card("license: mit\nbase_model: CompVis/stable-diffusion-v1-4\n");
  const auto a = release.audit().assessment;
  EXPECT_TRUE(has_conflict(a, ConflictKind::kUseRestrictionsDropped, Severity::kHigh));
  EXPECT_EQ(a.effective_tier, Tier::kOpenWithUseRestrictions);
  EXPECT_TRUE(effective_has(a, "LicenseRef-owl-creativeml-openrail-m-2022-08-22"));
}

TEST(Assessment, TinyLlamaIsNotALlamaDerivative) {
  Fixture release("tiny-chat");
  release
      .card(
          "license: apache-2.0\nbase_model: TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T\n")
      .file("config.json", R"({"model_type": "llama", "architectures": ["LlamaForCausalLM"]})");
  const auto a = release.audit().assessment;
  EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
  EXPECT_FALSE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase));
  ASSERT_EQ(a.lineage.size(), 1u);
  EXPECT_EQ(a.lineage[0].family->family, "tinyllama");
}

TEST(Assessment, GgufMetadataDisagreesWithCard) {
  Fixture release("tiny-lineage");
  release.card("license: cc-by-nc-4.0\n")
      .copy(corpus("gguf-generated/tiny-lineage-F32.gguf"), "tiny-lineage-F32.gguf");
  const auto a = release.audit().assessment;
  EXPECT_TRUE(has_conflict(a, ConflictKind::kDeclarationsDisagree, Severity::kHigh));
  const auto& conflict = *std::find_if(a.conflicts.begin(), a.conflicts.end(), [](const auto& c) {
    return c.kind == ConflictKind::kDeclarationsDisagree;
  });
  bool cites_gguf = false;
  for (const auto& evidence : conflict.evidence)
    cites_gguf = cites_gguf || evidence.source.where == "key general.license";
  EXPECT_TRUE(cites_gguf) << conflict.message;
}

TEST(Assessment, CardContradictsItselfInProse) {
  Fixture release("contradictory");
  release.card("license: mit\n", "# Model\n\n## License\n\nLicense: gemma\n");
  const auto a = release.audit().assessment;
  EXPECT_TRUE(has_conflict(a, ConflictKind::kDeclarationsDisagree, Severity::kHigh));
}

TEST(Assessment, NoLicenceAndPlaceholder) {
  Fixture none("no-licence");
  none.card("tags: [text-generation]\n");
  EXPECT_TRUE(has_conflict(none.audit().assessment, ConflictKind::kNoLicense, Severity::kHigh));
  EXPECT_TRUE(none.audit().assessment.effective.empty());
  Fixture placeholder("template");
  placeholder.card("license: '[More Information Needed]'\n");
  const auto a = placeholder.audit().assessment;
  EXPECT_TRUE(has_conflict(a, ConflictKind::kPlaceholderLicense, Severity::kHigh));
  EXPECT_FALSE(has_conflict(a, ConflictKind::kNoLicense));
}

TEST(Assessment, LicenseLinkToAFileTheReleaseDoesNotShip) {
  Fixture release("linked");
  release.card("license: other\nlicense_name: custom\nlicense_link: LICENSE.txt\n")
      .file("config.json", "{}");
  EXPECT_TRUE(has_conflict(release.audit().assessment, ConflictKind::kLicenseLinkMissing));
  release.file("LICENSE.txt", "All rights reserved.\n");
  EXPECT_FALSE(has_conflict(release.audit().assessment, ConflictKind::kLicenseLinkMissing));
}

TEST(Assessment, UnsafePickleIsAConflict) {
  Fixture release("pickled");
  release.card("license: mit\n");
  release.copy(corpus("pickle-malicious/picklescan-data/malicious0.pkl"), "pytorch_model.bin");
  const auto a = release.audit().assessment;
  ASSERT_TRUE(has_conflict(a, ConflictKind::kUnsafePickle, Severity::kHigh));
  EXPECT_EQ(a.conflicts[0].evidence[0].source.file, "pytorch_model.bin");
}

TEST(Assessment, RegionalCarveOuts) {
  Fixture hunyuan("Hunyuan-Large");
  hunyuan.card("license: other\nlicense_name: tencent-license\n")
      .license("tencent-hunyuan-large/LICENSE.txt");
  DeploymentProfile eu;
  eu.regions = {"DE"};
  EXPECT_EQ(hunyuan.audit(eu).assessment.use->permission, Permission::kNotAllowed);
  DeploymentProfile us;
  us.regions = {"US"};
  EXPECT_NE(hunyuan.audit(us).assessment.use->permission, Permission::kNotAllowed);
  // Llama 3.2's EU exclusion covers only its multimodal models.
  Fixture text_model("Llama-3.2-1B");
  text_model.card("license: llama3.2\n").license("llama-3.2/LICENSE");
  EXPECT_EQ(text_model.audit(eu).assessment.use->permission, Permission::kNeedsReview);
  Fixture vision("Llama-3.2-11B-Vision");
  vision.card("license: llama3.2\n").license("llama-3.2/LICENSE");
  EXPECT_EQ(vision.audit(eu).assessment.use->permission, Permission::kNotAllowed);
}

TEST(Assessment, QuantisedCopyNamedAfterLlama2WithApacheLabel) {
  Fixture release("Llama-2-7B-Chat-GGUF");
  release.card("license: apache-2.0\n");
  const auto a = release.audit().assessment;
  EXPECT_TRUE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase));
  EXPECT_TRUE(effective_has(a, "LicenseRef-owl-llama-2"));
}

TEST(Assessment, ProseOnlyLineageCounts) {
  Fixture release("chinese-chat");
  release.card("license: apache-2.0\n", "# Chat\n\n本模型基于Llama2-7B进行微调。\n");
  const auto a = release.audit().assessment;
  ASSERT_FALSE(a.lineage.empty());
  EXPECT_EQ(a.lineage[0].via, "card prose");
  EXPECT_TRUE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase));
}

TEST(Assessment, ChainResolvesThroughTheScannedSet) {
  TempDir dir;
  const auto base = dir.path() / "base-model";
  const auto child = dir.path() / "child-model";
  const auto grandchild = dir.path() / "grandchild-model";
  for (const auto& d : {base, child, grandchild}) fs::create_directories(d);
  fs::copy_file(corpus("licenses/llama-3.1/LICENSE"), base / "LICENSE");
  write_file(base / "README.md", "---\nlicense: llama3.1\n---\n# Base\n");
  write_file(child / "README.md", "---\nlicense: mit\nbase_model: base-model\n---\n# Child\n");
  write_file(grandchild / "README.md",
             "---\nlicense: apache-2.0\nbase_model: child-model\n---\n# Grandchild\n");
  std::vector<ReleaseAudit> audits;
  AuditOptions options;
  for (const auto& d : {base, child, grandchild}) {
    auto locations = find_releases(d.string(), options.find);
    ASSERT_TRUE(locations.has_value());
    audits.push_back(audit_release(locations->front(), options));
  }
  reassess_scanned_set(audits, options.assess);
  const auto& g = audits[2].assessment;
  ASSERT_EQ(g.lineage.size(), 2u);
  EXPECT_EQ(g.lineage[1].name, "base-model");
  EXPECT_EQ(g.lineage[1].depth, 2);
  EXPECT_TRUE(effective_has(g, "LicenseRef-owl-llama-3.1"));
  EXPECT_EQ(g.effective_tier, Tier::kSourceAvailableRevocable);
  EXPECT_EQ(audits[1].assessment.lineage[0].license_basis, "scanned release base-model");
}

std::vector<ReleaseAudit> audit_folders(const std::vector<fs::path>& folders) {
  std::vector<ReleaseAudit> audits;
  AuditOptions options;
  for (const auto& d : folders) {
    auto locations = find_releases(d.string(), options.find);
    EXPECT_TRUE(locations.has_value());
    if (locations) audits.push_back(audit_release(locations->front(), options));
  }
  reassess_scanned_set(audits, options.assess);
  return audits;
}

// Terms travel one link a pass, whatever order the releases come in; two
// releases naming each other as base end too.
TEST(Assessment, ChainResolvesInAnyOrderAndCyclesEnd) {
  TempDir dir;
  const auto base = dir.path() / "base-model";
  const auto child = dir.path() / "child-model";
  const auto grandchild = dir.path() / "grandchild-model";
  for (const auto& d : {base, child, grandchild}) fs::create_directories(d);
  write_file(base / "README.md", "---\nlicense: llama3.1\n---\n# Base\n");
  write_file(child / "README.md", "---\nbase_model: base-model\n---\n# Child\n");
  write_file(grandchild / "README.md",
             "---\nlicense: apache-2.0\nbase_model: child-model\n---\n# Grandchild\n");
  const auto audits = audit_folders({grandchild, child, base});
  const auto& g = audits[0].assessment;
  EXPECT_TRUE(effective_has(g, "LicenseRef-owl-llama-3.1"));
  EXPECT_TRUE(g.more_permissive_label);
  EXPECT_EQ(audits[1].assessment.effective_tier, Tier::kSourceAvailableRevocable);

  const auto left = dir.path() / "left-model";
  const auto right = dir.path() / "right-model";
  for (const auto& d : {left, right}) fs::create_directories(d);
  write_file(left / "README.md", "---\nlicense: cc-by-nc-4.0\nbase_model: right-model\n---\n");
  write_file(right / "README.md", "---\nlicense: mit\nbase_model: left-model\n---\n");
  const auto cycle = audit_folders({left, right});
  EXPECT_EQ(cycle[1].assessment.effective_tier, Tier::kNonCommercial);
  EXPECT_TRUE(effective_has(cycle[1].assessment, "CC-BY-NC-4.0"));
}

// "TheBloke/Llama-2-7B-GGUF" is its own model's name: in a scanned set it
// must not become its own base.
TEST(Assessment, AQuantisedCopyIsNotItsOwnBase) {
  TempDir dir;
  const auto copy = dir.path() / "Llama-2-7B-GGUF";
  const auto other = dir.path() / "other-model";
  for (const auto& d : {copy, other}) fs::create_directories(d);
  write_file(copy / "README.md", "---\nlicense: llama2\n---\n# GGUF\n");
  write_file(other / "README.md", "---\nlicense: mit\n---\n# Other\n");
  const auto audits = audit_folders({copy, other});
  const auto& a = audits[0].assessment;
  ASSERT_EQ(a.lineage.size(), 1u);
  EXPECT_EQ(a.lineage[0].license_basis, "the llama 2 family's published licence");
}

TEST(Assessment, OpennessFromShippedComponents) {
  Fixture release("open-science");
  release
      .card("license: apache-2.0\ndatasets:\n- allenai/dolma\n",
            "# Open\n\nSee https://arxiv.org/abs/2402.00838\n\n## Evaluation\n\n| a | b |\n")
      .license("gpt-oss/LICENSE")
      .file("config.json", "{}")
      .file("model.safetensors", std::string("\x08\0\0\0\0\0\0\0{}      ", 16))
      .file("modeling_open.py", "# model\n")
      .file("scripts/train.py", "# train\n")
      .file("data/part-0.parquet", "x")
      .file("checkpoint-1000/config.json", "{}");
  const auto a = release.audit().assessment;
  EXPECT_EQ(a.openness.mof_class, 1)
      << (a.openness.mof_missing.empty() ? "" : a.openness.mof_missing[0]);
  EXPECT_TRUE(a.openness.osaid_met);
  Fixture closed("weights-only");
  closed.card("license: llama3.1\n").license("llama-3.1/LICENSE");
  const auto c = closed.audit().assessment;
  EXPECT_EQ(c.openness.mof_class, 0);
  EXPECT_FALSE(c.openness.osaid_met);
  EXPECT_EQ(c.openness.mof_missing.front(), "open licence terms");
}

// The Hub reads license_name only under "license: other": a stale one next
// to a real id (dolphin-2_6-phi-2: mit and microsoft-research-license) is not
// a second set of terms.
TEST(Assessment, LicenseNameBesideARealIdIsNotTerms) {
  Fixture release("dolphin");
  release.card("license: mit\nlicense_name: microsoft-research-license\n");
  const auto a = release.audit().assessment;
  ASSERT_EQ(a.effective.size(), 1u);
  EXPECT_EQ(a.effective[0].id, "MIT");
  EXPECT_EQ(a.effective_tier, Tier::kOpenPermissive);
  EXPECT_FALSE(a.more_permissive_label);
  Fixture other("qwen-other");
  other.card("license: other\nlicense_name: tongyi-qianwen\n");
  EXPECT_TRUE(effective_has(other.audit().assessment, "LicenseRef-owl-tongyi-qianwen-2023-08-03"));
}

// "Taiwan-LLaMa-v1.0-base" names Llama without saying which; the release's
// own Llama 2 licence says which, so the first-LLaMA default does not apply.
TEST(Assessment, OwnLicenceOfTheFamilySettlesAnUnversionedBase) {
  Fixture release("taiwan");
  release.card("license: llama2\nbase_model: yentinglin/Taiwan-LLaMa-v1.0-base\n");
  const auto a = release.audit().assessment;
  EXPECT_TRUE(effective_has(a, "LicenseRef-owl-llama-2"));
  EXPECT_FALSE(effective_has(a, "LicenseRef-owl-llama-1"));
  EXPECT_FALSE(a.more_permissive_label);
  // Without a licence of its own the family default still governs.
  Fixture bare("taiwan-bare");
  bare.card("base_model: yentinglin/Taiwan-LLaMa-v1.0-base\n");
  EXPECT_TRUE(effective_has(bare.audit().assessment, "LicenseRef-owl-llama-1"));
}

// With no base declared or written, a name that carries a versioned family
// ("Bunny-Llama-3-8B-V") names the base, with low confidence.
TEST(Assessment, VersionedFamilyInTheNameIsALowConfidenceBase) {
  Fixture bunny("Bunny-Llama-3-8B-V");
  bunny.card("license: apache-2.0\n");
  const auto a = bunny.audit().assessment;
  ASSERT_EQ(a.lineage.size(), 1u);
  EXPECT_EQ(a.lineage[0].name, "Llama-3-8B-V");
  EXPECT_EQ(a.lineage[0].relation, BaseRelation::kNamedAfter);
  EXPECT_EQ(a.lineage[0].confidence, Confidence::kLow);
  EXPECT_EQ(a.lineage[0].license_id, "LicenseRef-owl-llama-3");
  EXPECT_TRUE(a.more_permissive_label);
  EXPECT_TRUE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase, Severity::kMedium));
  EXPECT_FALSE(has_conflict(a, ConflictKind::kPermissiveLabelOnRestrictiveBase, Severity::kHigh));
  // A guessed base does not stand in for a licence the release never states.
  Fixture korean("llama-2-ko-7b");
  korean.card("language: ko\n");
  const auto k = korean.audit().assessment;
  ASSERT_EQ(k.lineage.size(), 1u);
  EXPECT_EQ(k.lineage[0].license_id, "LicenseRef-owl-llama-2");
  EXPECT_TRUE(has_conflict(k, ConflictKind::kNoLicense));
}

TEST(Assessment, NamesWithoutAVersionedFamilyNameNoBase) {
  // Open reproductions, families without versions, the family model itself,
  // random-weight fixtures.
  for (const char* name : {"open_llama_7b", "nomic-bert-2048", "Llama-2-7b-hf",
                           "tiny-random-Llama-3", "llama2.c-stories15M"}) {
    Fixture release(name);
    release.card("license: apache-2.0\n");
    EXPECT_TRUE(release.audit().assessment.lineage.empty()) << name;
  }
  Fixture original("Llama-2-ko-7b-base");  // own words, but terms of its own
  original.card("license: llama2\n");
  EXPECT_TRUE(original.audit().assessment.lineage.empty());
}

// FLUX.1 [schnell] is Apache-2.0; only [dev] is non-commercial.
TEST(Assessment, FluxSchnellInProseIsNotFluxDev) {
  Fixture release("realflux");
  release.card("license: apache-2.0\n", "# RealFlux\n\nThe model is based on Flux Schnell.\n");
  const auto a = release.audit().assessment;
  ASSERT_FALSE(a.lineage.empty());
  EXPECT_EQ(a.lineage[0].license_id, "Apache-2.0");
  EXPECT_FALSE(a.more_permissive_label);
}

}  // namespace
}  // namespace owl
