// Pickle disassembly and PyTorch checkpoint reading, without executing
// anything.
//
// The pickle reader walks opcodes the way pickletools.dis does, keeping a
// bounded model of the stack and memo only far enough to know which
// module.name pairs the stream would import (GLOBAL, STACK_GLOBAL, INST,
// EXT via the copyreg registry's known codes) and which of them are called
// (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, BUILD). Each import is then judged against
// an allowlist of what real torch checkpoints use and a denylist of what runs
// code; anything not allowlisted is at least suspicious.
//
// A PyTorch checkpoint is either a zip archive (torch >= 1.6: archive/data.pkl
// plus archive/data/N storages; sizes come from the central directory) or a
// legacy stream of pickles. Pickles inside other containers are found by
// their magic bytes, not by file names. Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"

namespace owl {

enum class Safety { kSafe, kSuspicious, kDangerous };
const char* to_string(Safety safety);

struct PickleImport {
  std::string module;
  std::string name;
  std::string opcode;  // "GLOBAL", "STACK_GLOBAL", "INST", "EXT2", ...
  uint64_t offset = 0;
  Safety safety = Safety::kSuspicious;
  std::string reason;
};

struct PickleScan {
  int protocol = 0;
  uint64_t opcode_count = 0;
  uint64_t end_offset = 0;  // offset just past STOP
  std::vector<PickleImport> imports;
  Safety safety = Safety::kSafe;  // the worst of the imports and findings
  std::vector<std::string> findings;  // human-readable reasons, worst first
};

// Disassembles one pickle starting at the beginning of `bytes`.
Expected<PickleScan> scan_pickle(Bytes bytes);

struct CheckpointEntry {
  std::string name;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  bool is_pickle = false;  // by magic bytes
};

struct PytorchCheckpoint {
  enum class Container { kZip, kLegacyPickle } container = Container::kZip;
  std::vector<CheckpointEntry> entries;            // zip members (empty for legacy)
  std::vector<std::pair<std::string, PickleScan>> pickles;  // member name (or "@offset")
  uint64_t storage_bytes = 0;                      // sum of data/ members
  Safety safety = Safety::kSafe;
  std::vector<std::string> findings;
};

// `bytes` is the whole file. Reads the zip central directory or the legacy
// pickle sequence; storages are never decompressed.
Expected<PytorchCheckpoint> read_pytorch(Bytes bytes);

// True when `bytes` start like a pickle stream (PROTO opcode 0x80 with a
// protocol 2..5, or a protocol-0/1 opcode followed by plausible data).
bool looks_like_pickle(Bytes bytes);

}  // namespace owl
