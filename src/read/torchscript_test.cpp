// TorchScript archives built here: flagged, their code/ sources read for the
// operators they call (never compiled), file access dangerous, custom
// operator namespaces suspicious, and every TorchScript program at least
// suspicious because owl does not judge programs.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "builders/bytes_of.h"
#include "builders/findings.h"
#include "builders/zip_builder.h"
#include "owl/pickle.h"
#include "read/torchscript_policy.h"

namespace owl {
namespace {

using namespace std::string_literals;
using testing::all_findings;
using testing::bytes_of;
using testing::has_finding;
using testing::make_zip;

const std::string kSafePickle = "\x80\x02}q\x00X\x01\x00\x00\x00kq\x01K\x01s."s;

std::string module_source(const std::string& forward_body) {
  return "class Net(Module):\n"
         "  __parameters__ = [\"weight\", ]\n"
         "  weight : Tensor\n"
         "  def forward(self: __torch__.Net,\n    x: Tensor) -> Tensor:\n" +
         forward_body;
}

PytorchCheckpoint read_archive(const std::string& code, bool encrypt_code = false) {
  const std::string zip = make_zip({{"net/data.pkl", kSafePickle},
                                    {"net/constants.pkl", kSafePickle},
                                    {"net/code/__torch__/net.py", code, true, encrypt_code},
                                    {"net/version", "3\n"}});
  auto checkpoint = read_pytorch(bytes_of(zip));
  EXPECT_TRUE(checkpoint.has_value()) << (checkpoint ? "" : checkpoint.error().message());
  return checkpoint ? *checkpoint : PytorchCheckpoint{};
}

TEST(TorchScriptPolicy, BuiltinPolicyIsValid) {
  for (const Error& error : torchscript::policy().errors) ADD_FAILURE() << error.message();
  EXPECT_EQ(torchscript::judge_operator("torch.from_file").first, Safety::kDangerous);
  EXPECT_EQ(torchscript::judge_operator("ops.aten.add").first, Safety::kSafe);
  EXPECT_EQ(torchscript::judge_operator("ops.my_lib.run").first, Safety::kSuspicious);
}

TEST(TorchScriptPolicy, CallsAreReadFromSourceNotTypeNames) {
  const auto ops = torchscript::called_operators(
      "def f(x: torch.Tensor) -> Tensor:\n  y = torch.add(x, 1)\n"
      "  z = torch.ops.my_lib.run(y)\n  w = ops.prim.NumToTensor(z)\n"
      "  return __torch__.torch.nn.Linear(torch.add(w, 2))\n");
  EXPECT_EQ(ops, (std::vector<std::string>{"torch.add", "ops.my_lib.run", "ops.prim.NumToTensor"}));
}

TEST(TorchScript, PlainProgramIsFlaggedAndOnlySuspicious) {
  const PytorchCheckpoint checkpoint =
      read_archive(module_source("    return torch.linear(x, self.weight)\n"));
  EXPECT_TRUE(checkpoint.torchscript);
  EXPECT_EQ(checkpoint.torchscript_operators, std::vector<std::string>{"torch.linear"});
  EXPECT_EQ(checkpoint.safety, Safety::kSuspicious) << all_findings(checkpoint);
  EXPECT_TRUE(has_finding(checkpoint, "suspicious: code/: TorchScript: 1 source files"));
}

TEST(TorchScript, FileReadingOperatorIsDangerous) {
  const PytorchCheckpoint checkpoint = read_archive(
      module_source("    secret = torch.from_file(\"/etc/passwd\", True, 4096, dtype=0)\n"
                    "    return torch.add(x, secret)\n"));
  EXPECT_EQ(checkpoint.safety, Safety::kDangerous);
  EXPECT_TRUE(has_finding(checkpoint,
                          "dangerous: net/code/__torch__/net.py: calls torch.from_file: reads any "
                          "file on the host"))
      << all_findings(checkpoint);
}

TEST(TorchScript, CustomOperatorNamespaceIsSuspicious) {
  const PytorchCheckpoint checkpoint =
      read_archive(module_source("    return torch.ops.my_lib.run(x)\n"));
  EXPECT_TRUE(has_finding(checkpoint,
                          "suspicious: net/code/__torch__/net.py: calls ops.my_lib.run: a custom "
                          "operator in namespace my_lib"))
      << all_findings(checkpoint);
}

TEST(TorchScript, EncryptedSourceCannotBeInspected) {
  const PytorchCheckpoint checkpoint =
      read_archive(module_source("    return torch.from_file(\"/etc/passwd\")\n"), true);
  EXPECT_TRUE(checkpoint.torchscript);
  EXPECT_NE(checkpoint.safety, Safety::kSafe);
  EXPECT_TRUE(has_finding(checkpoint,
                          "net/code/__torch__/net.py: cannot inspect: the member is "
                          "encrypted"))
      << all_findings(checkpoint);
}

TEST(TorchScript, PlainCheckpointIsNotTorchScript) {
  const std::string zip = make_zip({{"net/data.pkl", kSafePickle}});
  auto checkpoint = read_pytorch(bytes_of(zip));
  ASSERT_TRUE(checkpoint.has_value());
  EXPECT_FALSE(checkpoint->torchscript);
  EXPECT_EQ(checkpoint->safety, Safety::kSafe);
}

}  // namespace
}  // namespace owl
