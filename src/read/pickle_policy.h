// Which imported module.name pairs a pickle may safely reference.
//
// The policy is data (pickle_policy_data.cpp), checked in this order:
//   1. exact allowlist entries: what torch, numpy and the standard library
//      emit for tensors, storages, arrays, dtypes and plain containers;
//   2. a name that walks through a dunder attribute (`x.__globals__`) is
//      dangerous: it reaches interpreter internals;
//   3. denylist entries (module prefix + name, or a whole module tree): known
//      code execution, process, file, network and nested-unpickling gadgets;
//   4. a final name that is a well-known exec/spawn primitive (system, popen,
//      execve, runcode, ...) in any module is dangerous;
//   5. watched entries: suspicious with a specific reason (functools.partial);
//   6. everything else is suspicious, "not on the allowlist".
// The allowlist is exact-match only, so a spelling trick can at worst turn a
// dangerous verdict into a suspicious one, never into a safe one.
#pragma once

#include <string>
#include <string_view>

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

// Policy tables, defined in pickle_policy_data.cpp. A rule's name "*" matches
// every name in the module and in its submodules.
struct GlobalRule {
  std::string_view module;
  std::string_view name;
  std::string_view why;
};

struct PolicyTables {
  const GlobalRule* allowed;
  size_t allowed_count;
  const GlobalRule* dangerous;
  size_t dangerous_count;
  const GlobalRule* watched;
  size_t watched_count;
  const GlobalRule* nested_loaders;
  size_t nested_loader_count;
  const GlobalRule* exec_names;  // module is ignored; matched on the last name part
  size_t exec_name_count;
};

const PolicyTables& policy_tables();

}  // namespace owl::pickle
