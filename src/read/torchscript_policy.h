// TorchScript operators owl calls out: data/torchscript/policy.yaml,
// compiled in and validated on load, and the scan of a program's source
// (code/ members of a torch.jit.save archive) against it.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/error.h"
#include "owl/safety.h"

namespace owl::torchscript {

struct OperatorRule {
  std::string op;  // as spelled in the code: "torch.from_file", "ops.aten.save"
  Safety verdict = Safety::kSuspicious;
  std::string why;
};

struct Policy {
  std::set<std::string> namespaces;  // PyTorch's own operator namespaces
  std::vector<OperatorRule> operators;
  std::vector<Error> errors;  // validation problems; empty for the builtin policy
};

// Every problem is an Error (rule "torchscript-policy.<what>"): an unknown
// key or verdict, a duplicate, a missing field. Invalid entries are left out.
Policy parse_policy(std::string_view file_name, std::string_view yaml);
const Policy& policy();

// The operators a TorchScript source calls, in first-seen order, without
// repeats: "torch.NAME" for aten calls, "ops.NS.NAME" for the others.
std::vector<std::string> called_operators(std::string_view source);

// The verdict on one called operator, or safe with an empty reason.
std::pair<Safety, std::string> judge_operator(std::string_view op);

}  // namespace owl::torchscript
