// Import policies: which Python classes and modules a model config may make
// its loader import and call, as data. data/keras/policy.yaml judges Keras
// configs (class names and the `module` Keras imports); data/nemo/policy.yaml
// judges the `_target_` classes Hydra instantiates from a NeMo config. Both
// are compiled in and validated on load.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/safety.h"

namespace owl::imports {

struct ClassRule {
  std::string class_name;
  Safety verdict = Safety::kSuspicious;
  std::string why;
};

// class_name "*" covers the module and its submodules.
struct ModuleRule {
  std::string module;
  std::string class_name;
  Safety verdict = Safety::kSuspicious;
  std::string why;
};

struct ImportPolicy {
  std::vector<ClassRule> classes;  // optional: judged wherever the class name appears
  std::vector<ModuleRule> modules;
  std::vector<Error> errors;  // validation problems; empty for the builtin policies
};

// Every problem is an Error (rule "<rule_prefix>.<what>") naming the entry:
// an unknown verdict or key, a duplicate entry, a missing field or reason,
// no module entries. Invalid entries are left out.
ImportPolicy parse_import_policy(std::string_view file_name, std::string_view yaml,
                                 std::string_view rule_prefix);

// data/keras/policy.yaml and data/nemo/policy.yaml as compiled in, parsed once.
const ImportPolicy& keras_policy();
const ImportPolicy& nemo_policy();

struct Judgement {
  Safety safety = Safety::kSafe;
  std::string why;
};

// The rule for a class name wherever it appears; nullptr when none.
const ClassRule* class_rule(const ImportPolicy& policy, std::string_view class_name);

// The module the loader imports for an object: an exact module + class
// entry, else the longest module tree, else suspicious ("not on the
// allowlist").
Judgement judge_module(const ImportPolicy& policy, std::string_view module,
                       std::string_view class_name);

}  // namespace owl::imports
