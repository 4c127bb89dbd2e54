// Whether loading a file could run code, and the pickle facts behind it:
// what a reader (the pickle scanner) records on an artifact, kept here so the
// release model does not depend on any reader.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace owl {

enum class Safety { kSafe, kSuspicious, kDangerous };
const char* to_string(Safety safety);

struct PickleImport {
  std::string module;   // as written in the stream ("__builtin__", not "builtins")
  std::string name;     // may be dotted ("Bdb.run") for protocol 4+
  std::string opcode;   // "GLOBAL", "STACK_GLOBAL", "INST", "EXT2", ...
  uint64_t offset = 0;  // of the opcode, from the start of the scanned bytes plus base_offset
  bool called = false;  // REDUCE / NEWOBJ / NEWOBJ_EX / OBJ / INST invoke it while loading
  // Empty for the outer stream; "<module.name> at byte N" for imports found in
  // a pickle or checkpoint passed as literal bytes to a loader such as
  // pickle.loads or torch.storage._load_from_bytes (scanned recursively).
  std::string nested_in;
  // Found after the stream broke a rule (an unknown opcode, an over-long
  // FRAME, a truncated payload): CPython's C unpickler stops before it,
  // lenient loaders reach it. Judged like any other import.
  bool after_fault = false;
  Safety safety = Safety::kSuspicious;
  std::string reason;
};

// One call the unpickler makes while loading: REDUCE, NEWOBJ, NEWOBJ_EX, OBJ
// and INST call a callable; BUILD calls the __setstate__ (or updates the
// __dict__) of the object below it, named here by the callable that made it.
struct PickleCall {
  std::string opcode;
  uint64_t offset = 0;   // of the opcode, like PickleImport::offset
  std::string callable;  // module.name when the scanner can tell, else empty
};

// Every global and call site of a checkpoint's pickles, each with the member
// (zip entry name, or "@offset" for a stream) it was found in: what `owl
// scan --json` reports for a pickle-bearing artifact.
struct PickleSites {
  std::vector<std::pair<std::string, PickleImport>> globals;
  std::vector<std::pair<std::string, PickleCall>> calls;
  uint64_t calls_not_recorded = 0;
};

}  // namespace owl
