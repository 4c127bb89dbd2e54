// Which imported module.name pairs a pickle may safely reference.
//
// The policy is data (data/pickle/policy.yaml, compiled in and validated on
// load by pickle_policy_data.cpp), checked in this order:
//   1. safe entries: what torch, numpy, joblib and the standard library emit
//      for tensors, storages, arrays, dtypes and plain containers;
//   2. a name that walks through a dunder attribute (`x.__globals__`) is
//      dangerous: it reaches interpreter internals;
//   3. dangerous entries (module + name, or a whole module tree): known code
//      execution, process, file, network and nested-unpickling gadgets, and
//      the code-object reconstructors of dill and cloudpickle;
//   4. a final name that is a well-known exec/spawn primitive (system, popen,
//      execve, runcode, ...) in any module is dangerous (module "*");
//   5. suspicious entries with a specific reason (functools.partial);
//   6. everything else is suspicious, "not on the allowlist".
// The allowlist is exact-match only, so a spelling trick can at worst turn a
// dangerous verdict into a suspicious one, never into a safe one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/pickle.h"

namespace owl::pickle {

struct Verdict {
  Safety safety = Safety::kSuspicious;
  std::string reason;
  // The callable unpickles its bytes argument (pickle.loads,
  // torch.storage._load_from_bytes): a literal argument is scanned in turn.
  bool nested_loader = false;
};

Verdict classify_global(std::string_view module, std::string_view name);

// Python 2 module names the Python 3 unpickler maps to their new homes
// (`__builtin__` -> `builtins`, `copy_reg` -> `copyreg`, ...); others as given.
std::string_view python3_module(std::string_view module);

// One entry of data/pickle/policy.yaml. A rule's name "*" matches every name
// in the module and in its submodules; module "*" matches the last dotted
// part of the name in any module.
struct GlobalRule {
  std::string module;
  std::string name;
  Safety verdict = Safety::kSuspicious;
  std::string why;
};

// A piece of text that marks a decoded blob as shell or Python code.
struct CodeMarker {
  std::string marker;  // matched case-sensitively, anywhere in the text
  std::string why;
};

// The policy split by verdict, each table with exact names before module
// trees, so the first match is the most specific one.
struct PolicyTables {
  std::vector<GlobalRule> allowed;
  std::vector<GlobalRule> dangerous;
  std::vector<GlobalRule> watched;
  std::vector<GlobalRule> nested_loaders;
  std::vector<GlobalRule> exec_names;  // module "*"; matched on the last name part
  std::vector<CodeMarker> code_markers;
  std::vector<Error> errors;  // validation problems; empty for the builtin policy
};

// Parses and validates a policy file. Every problem is an Error (rule
// "pickle-policy.<what>") naming the file and the entry: an unknown verdict
// or key, a duplicate module/name pair, a missing module, name or reason, a
// module "*" entry that is not dangerous. Invalid entries are left out.
PolicyTables parse_policy(std::string_view file_name, std::string_view yaml);

// The verdict a policy file writes: "safe", "suspicious" or "dangerous"
// (the Keras policy writes them the same way).
std::optional<Safety> verdict_named(std::string_view name);

// data/pickle/policy.yaml as compiled in, parsed once.
const PolicyTables& policy_tables();

}  // namespace owl::pickle
