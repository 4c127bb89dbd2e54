// data/pickle/policy.yaml: the builtin policy loads without a problem, each
// kind of bad entry is refused with its own rule, and the reconstructors of
// dill, cloudpickle and joblib get the verdicts the file promises.
#include <gtest/gtest.h>

#include <string>

#include "read/pickle_policy.h"

namespace owl::pickle {
namespace {

constexpr std::string_view kMinimal = R"(rules:
  - {module: torch, name: Size, verdict: safe, reason: "shape"}
  - {module: os, name: "*", verdict: dangerous, reason: "operating system access"}
)";

std::vector<std::string> rules_of(const PolicyTables& tables) {
  std::vector<std::string> rules;
  for (const Error& error : tables.errors) rules.push_back(error.rule());
  return rules;
}

PolicyTables parse_with(std::string_view extra) {
  return parse_policy("test.yaml", std::string(kMinimal) + std::string(extra));
}

TEST(PicklePolicyData, BuiltinPolicyIsValid) {
  const PolicyTables& tables = policy_tables();
  for (const Error& error : tables.errors) ADD_FAILURE() << error.message();
  EXPECT_GT(tables.allowed.size(), 150u);
  EXPECT_GT(tables.dangerous.size(), 150u);
  EXPECT_GT(tables.exec_names.size(), 40u);
  EXPECT_GE(tables.nested_loaders.size(), 6u);
  for (const auto* table : {&tables.allowed, &tables.dangerous, &tables.watched}) {
    for (const GlobalRule& rule : *table) EXPECT_FALSE(rule.why.empty()) << rule.module;
  }
}

TEST(PicklePolicyData, MinimalPolicyParses) {
  const PolicyTables tables = parse_with("");
  EXPECT_TRUE(tables.errors.empty()) << tables.errors.front().message();
  ASSERT_EQ(tables.allowed.size(), 1u);
  EXPECT_EQ(tables.allowed[0].why, "shape");
}

TEST(PicklePolicyData, UnknownVerdictIsRefused) {
  const PolicyTables tables =
      parse_with("  - {module: a, name: b, verdict: fine, reason: \"why\"}\n");
  EXPECT_EQ(rules_of(tables), std::vector<std::string>{"pickle-policy.unknown-verdict"});
  EXPECT_NE(tables.errors[0].detail().find("verdict 'fine'"), std::string::npos);
  EXPECT_EQ(tables.allowed.size() + tables.watched.size(), 1u);  // the bad entry is left out
}

TEST(PicklePolicyData, DuplicateEntryIsRefused) {
  const PolicyTables tables =
      parse_with("  - {module: torch, name: Size, verdict: dangerous, reason: \"again\"}\n");
  EXPECT_EQ(rules_of(tables), std::vector<std::string>{"pickle-policy.duplicate"});
  EXPECT_EQ(tables.dangerous.size(), 1u);
}

TEST(PicklePolicyData, MissingReasonIsRefused) {
  EXPECT_EQ(rules_of(parse_with("  - {module: a, name: b, verdict: safe}\n")),
            std::vector<std::string>{"pickle-policy.missing-reason"});
  EXPECT_EQ(rules_of(parse_with("  - {module: a, name: b, verdict: safe, reason: \"\"}\n")),
            std::vector<std::string>{"pickle-policy.missing-reason"});
}

TEST(PicklePolicyData, MissingModuleOrNameAndUnknownKeysAreRefused) {
  EXPECT_EQ(rules_of(parse_with("  - {name: b, verdict: safe, reason: \"r\"}\n")),
            std::vector<std::string>{"pickle-policy.missing-field"});
  EXPECT_EQ(rules_of(parse_with("  - {module: a, name: b, verdict: safe, reason: r, why: x}\n")),
            std::vector<std::string>{"pickle-policy.unknown-key"});
  EXPECT_EQ(rules_of(parse_policy("t.yaml", std::string(kMinimal) + "allow:\n  - x\n")),
            std::vector<std::string>{"pickle-policy.unknown-key"});
}

TEST(PicklePolicyData, AnyModuleEntriesMustBeDangerous) {
  EXPECT_EQ(rules_of(parse_with("  - {module: \"*\", name: run, verdict: safe, reason: r}\n")),
            std::vector<std::string>{"pickle-policy.any-module"});
  const PolicyTables ok =
      parse_with("  - {module: \"*\", name: system, verdict: dangerous, reason: r}\n");
  EXPECT_TRUE(ok.errors.empty());
  ASSERT_EQ(ok.exec_names.size(), 1u);
}

TEST(PicklePolicyData, CodeMarkersNeedAReasonAndAreUnique) {
  EXPECT_TRUE(parse_with("code_markers:\n  - {marker: \"import os\", reason: r}\n").errors.empty());
  EXPECT_EQ(rules_of(parse_with("code_markers:\n  - {marker: \"import os\"}\n")),
            std::vector<std::string>{"pickle-policy.missing-reason"});
  EXPECT_EQ(rules_of(parse_with("code_markers:\n  - {marker: \"exec(\", reason: a}\n"
                                "  - {marker: \"exec(\", reason: b}\n")),
            std::vector<std::string>{"pickle-policy.duplicate"});
  EXPECT_GE(policy_tables().code_markers.size(), 20u);
}

TEST(PicklePolicyData, BrokenYamlIsAnError) {
  EXPECT_EQ(rules_of(parse_policy("t.yaml", "rules: [\n")).front(), "pickle-policy.yaml");
  EXPECT_EQ(rules_of(parse_policy("t.yaml", "- a\n- b\n")).front(), "pickle-policy.shape");
}

TEST(PicklePolicyData, ExactNamesAreCheckedBeforeModuleTrees) {
  const PolicyTables tables = parse_with(
      "  - {module: os, name: system, verdict: dangerous, reason: \"runs a shell command\"}\n");
  ASSERT_EQ(tables.dangerous.size(), 2u);
  EXPECT_EQ(tables.dangerous[0].name, "system");
  EXPECT_EQ(classify_global("os", "system").reason,
            "operating system access (os.system, "
            "os.popen, file removal)");
}

TEST(PicklePolicyData, DillAndCloudpickleCodeReconstructorsAreDangerous) {
  for (const auto& [module, name] : std::vector<std::pair<std::string, std::string>>{
           {"dill._dill", "_create_function"},
           {"dill._dill", "_create_code"},
           {"dill._dill", "_load_type"},
           {"dill._dill", "_create_type"},
           {"cloudpickle.cloudpickle", "_make_function"},
           {"cloudpickle.cloudpickle", "_builtin_type"},
           {"cloudpickle.cloudpickle", "subimport"},
           {"cloudpickle.cloudpickle_fast", "_function_setstate"}}) {
    const Verdict verdict = classify_global(module, name);
    EXPECT_EQ(verdict.safety, Safety::kDangerous) << module << "." << name;
    EXPECT_NE(verdict.reason, "unpickles functions and code") << "a precise reason for " << name;
  }
  EXPECT_EQ(classify_global("dill._dill", "_create_code").reason,
            "builds a code object from raw bytecode");
}

TEST(PicklePolicyData, JoblibArrayWrapperIsSafeAndItsLoaderIsNot) {
  EXPECT_EQ(classify_global("joblib.numpy_pickle", "NumpyArrayWrapper").safety, Safety::kSafe);
  EXPECT_EQ(classify_global("joblib.numpy_pickle_compat", "NDArrayWrapper").safety,
            Safety::kSuspicious);
  EXPECT_EQ(classify_global("joblib", "load").safety, Safety::kDangerous);
}

}  // namespace
}  // namespace owl::pickle
