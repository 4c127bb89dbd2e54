// classify_global: the order of allowlist, dunder check, denylist, exec-name
// heuristic, watch list and default.
#include "read/pickle_policy.h"

#include <gtest/gtest.h>

namespace owl::pickle {
namespace {

Safety safety_of(std::string_view module, std::string_view name) {
  return classify_global(module, name).safety;
}

TEST(PicklePolicy, TorchAndNumpyCheckpointGlobalsAreSafe) {
  EXPECT_EQ(safety_of("torch._utils", "_rebuild_tensor_v2"), Safety::kSafe);
  EXPECT_EQ(safety_of("torch._utils", "_rebuild_parameter"), Safety::kSafe);
  EXPECT_EQ(safety_of("torch", "BFloat16Storage"), Safety::kSafe);
  EXPECT_EQ(safety_of("torch", "bfloat16"), Safety::kSafe);
  EXPECT_EQ(safety_of("torch", "Size"), Safety::kSafe);
  EXPECT_EQ(safety_of("collections", "OrderedDict"), Safety::kSafe);
  EXPECT_EQ(safety_of("numpy.core.multiarray", "_reconstruct"), Safety::kSafe);
  EXPECT_EQ(safety_of("numpy._core.multiarray", "_reconstruct"), Safety::kSafe);
  EXPECT_EQ(safety_of("numpy.dtypes", "Float32DType"), Safety::kSafe);
  EXPECT_EQ(safety_of("_codecs", "encode"), Safety::kSafe);
  EXPECT_EQ(safety_of("__builtin__", "set"), Safety::kSafe);  // Python 2 spelling
}

TEST(PicklePolicy, AllowlistIsExactMatchOnly) {
  EXPECT_EQ(safety_of("torch._utils", "_rebuild_tensor_v2.__globals__"), Safety::kDangerous);
  EXPECT_EQ(safety_of("torch._utils", "_rebuild_tensor_v9"), Safety::kSuspicious);
  EXPECT_EQ(safety_of("torch._utils ", "_rebuild_tensor_v2"), Safety::kSuspicious);
  EXPECT_EQ(safety_of("torch", "FloatStorage.__init__"), Safety::kDangerous);
}

TEST(PicklePolicy, DenylistCoversWholeModuleTrees) {
  EXPECT_EQ(safety_of("os", "system"), Safety::kDangerous);
  EXPECT_EQ(safety_of("os.path", "join"), Safety::kDangerous);
  EXPECT_EQ(safety_of("posix", "system"), Safety::kDangerous);
  EXPECT_EQ(safety_of("asyncio.unix_events", "_UnixSubprocessTransport._start"),
            Safety::kDangerous);
  EXPECT_EQ(safety_of("torch.utils.bottleneck.__main__", "run_cprofile"), Safety::kDangerous);
  EXPECT_EQ(safety_of("numpy.f2py.crackfortran", "getlincoef"), Safety::kDangerous);
  // A tree rule stops at the dot: "osx" is not "os".
  EXPECT_EQ(safety_of("osx", "thing"), Safety::kSuspicious);
}

TEST(PicklePolicy, BuiltinsAreJudgedByName) {
  EXPECT_EQ(safety_of("builtins", "eval"), Safety::kDangerous);
  EXPECT_EQ(safety_of("__builtin__", "getattr"), Safety::kDangerous);
  EXPECT_EQ(safety_of("builtins", "__import__"), Safety::kDangerous);
  EXPECT_EQ(safety_of("builtins", "print"), Safety::kSuspicious);
  const Verdict type = classify_global("builtins", "type");
  EXPECT_EQ(type.safety, Safety::kSuspicious);
  EXPECT_EQ(type.reason, "creates classes at load time");
}

TEST(PicklePolicy, ExecPrimitivesAreDangerousInAnyModule) {
  const Verdict verdict = classify_global("some.vendor.tool", "Runner.system");
  EXPECT_EQ(verdict.safety, Safety::kDangerous);
  EXPECT_NE(verdict.reason.find("system is an exec/spawn primitive"), std::string::npos);
}

TEST(PicklePolicy, UnknownClassesAreSuspiciousNotOnTheAllowlist) {
  const Verdict verdict = classify_global("transformers.training_args", "TrainingArguments");
  EXPECT_EQ(verdict.safety, Safety::kSuspicious);
  EXPECT_EQ(verdict.reason, "not on the allowlist");
  EXPECT_EQ(classify_global("functools", "partial").reason,
            "binds arguments to any callable (a call gadget)");
}

TEST(PicklePolicy, NestedLoadersAreFlagged) {
  const Verdict load_from_bytes = classify_global("torch.storage", "_load_from_bytes");
  EXPECT_TRUE(load_from_bytes.nested_loader);
  EXPECT_EQ(load_from_bytes.safety, Safety::kSafe);  // judged by its payload when called
  const Verdict loads = classify_global("cPickle", "loads");
  EXPECT_TRUE(loads.nested_loader);
  EXPECT_EQ(loads.safety, Safety::kDangerous);
}

TEST(PicklePolicy, TablesDoNotContradictEachOther) {
  const PolicyTables& tables = policy_tables();
  for (const GlobalRule& rule : tables.allowed) {
    if (rule.name == "*") continue;
    EXPECT_EQ(safety_of(rule.module, rule.name), Safety::kSafe) << rule.module << "." << rule.name;
    for (const GlobalRule& deny : tables.dangerous) {
      const bool tree =
          deny.name == "*" &&
          (rule.module == deny.module || rule.module.starts_with(std::string(deny.module) + "."));
      EXPECT_FALSE(tree || (deny.module == rule.module && deny.name == rule.name))
          << rule.module << "." << rule.name << " is both allowed and denied";
    }
  }
}

}  // namespace
}  // namespace owl::pickle
