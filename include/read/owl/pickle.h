// Pickle disassembly and PyTorch checkpoint reading, without executing
// anything.
//
// The pickle reader walks opcodes the way pickletools.dis does, keeping a
// bounded model of the stack and memo only far enough to know which
// module.name pairs the stream would import (GLOBAL, STACK_GLOBAL, INST,
// EXT1/2/4) and which of them are called (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ,
// INST). Each import is then judged against an allowlist of what real torch
// and numpy checkpoints use and a denylist of what runs code; anything not
// allowlisted is at least suspicious. Structural tricks are judged too: a
// STACK_GLOBAL whose operands are not plain strings, BUILD applied to an
// imported module or class (monkey-patching), calls of call results.
//
// Malformed streams: scan_pickle returns an Error only when not even the
// first opcode decodes. Once the walk has started, a fault (an unknown
// opcode, a FRAME announcing more bytes than remain, a truncated payload, a
// stack underflow, a missing memo key) is recorded and the walk reads on as
// a lenient loader would: an over-long FRAME covers the rest, a short
// payload is the rest of the input, an undecodable byte is skipped. The
// scan keeps `error` (the first fault), a suspicious finding per fault, and
// every import before and after it; an import after a fault is marked and
// judged like any other, so a dangerous one makes the scan dangerous.
// Running out of bytes or a hard cap ends the walk.
//
// A zlib or gzip stream (joblib.dump with compress) is inflated, capped, and
// its content read as below; members are then named "zlib:<member>".
//
// A PyTorch checkpoint is either a zip archive (torch >= 1.6: <root>/data.pkl
// plus <root>/data/N storages; sizes come from the central directory) or a
// legacy stream of five pickles followed by raw storage bytes. read_pytorch
// also takes a plain pickle stream (.pkl) and a NumPy .npy, and zips of any
// layout (.npz): members are recognised as pickles by their first bytes, not
// by their names. A zip with code/ sources (TorchScript) is flagged and its
// source read for the operators it calls; a TorchScript program is at least
// suspicious, since owl does not judge programs. Thread-safe: pure functions
// over caller-owned bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/safety.h"

namespace owl {

struct PickleScan {
  int protocol = 0;  // the PROTO argument, else the highest protocol of the opcodes seen
  uint64_t opcode_count = 0;
  uint64_t end_offset = 0;      // just past STOP, or where the walk stopped on error
  uint64_t trailing_bytes = 0;  // bytes left in the input after STOP (callers judge them)
  bool complete = false;        // reached STOP without a fault
  std::vector<PickleImport> imports;
  std::vector<PickleCall> calls;      // in stream order, the outer stream's only
  uint64_t calls_not_recorded = 0;    // past the cap on recorded calls
  Safety safety = Safety::kSafe;      // the worst of the imports and findings
  std::vector<std::string> findings;  // human-readable reasons, worst first
  std::optional<Error> error;         // the first rule the stream broke, or why the walk stopped
};

// Disassembles one pickle starting at the beginning of `bytes`. Offsets in the
// result are `base_offset` + the position in `bytes`.
Expected<PickleScan> scan_pickle(Bytes bytes, uint64_t base_offset = 0);

struct CheckpointEntry {
  std::string name;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  bool is_pickle = false;  // by magic bytes (an object-dtype .npy member counts)
  bool encrypted = false;  // the zip entry carries an encryption flag
};

struct PytorchCheckpoint {
  enum class Container {
    kZip,           // torch >= 1.6 archive, .npz, or any zip holding pickles
    kLegacyPickle,  // torch.save before 1.6: magic, protocol, sys info, object, keys
    kPickle,        // a plain pickle stream (one or more pickles back to back)
    kNumpy,         // a .npy file; object arrays carry a pickle after the header
  } container = Container::kZip;
  std::vector<CheckpointEntry> entries;                     // zip members (empty otherwise)
  std::vector<std::pair<std::string, PickleScan>> pickles;  // member name, or "@offset"
  // zip: sum of <root>/data/* members; legacy: bytes after the five pickles;
  // .npy: array data bytes of a non-object array.
  uint64_t storage_bytes = 0;
  // A TorchScript archive (torch.jit.save): <root>/code/*.py hold the
  // program's source, which torch.jit.load compiles and runs when the module
  // is called. Never compiled here: the operators it calls are listed and
  // judged against data/torchscript/policy.yaml.
  bool torchscript = false;
  std::vector<std::string> torchscript_operators;  // first-seen order, capped
  Safety safety = Safety::kSafe;
  std::vector<std::string> findings;  // worst first, each prefixed by the member it concerns
};

// `bytes` is the whole file. Reads the zip central directory or the legacy
// pickle sequence; storages are never decompressed. Errors: rule
// "pytorch.unsupported-container" (7z, gzip, tar, ...),
// "pytorch.not-a-checkpoint" (none of the formats above), "pytorch.bad-zip",
// "pytorch.too-many-entries".
Expected<PytorchCheckpoint> read_pytorch(Bytes bytes);

// The same reader over the file's first bytes, for a file fetched on demand
// (a ByteSource without a whole mapping): a legacy torch.save stream, a
// plain pickle stream and a .npy keep what is judged at their start, so a
// prefix is enough. Every size (storage bytes, trailing bytes, the room a
// FRAME claims) is taken against `file_size`; a walk that needs bytes past
// the prefix while the file goes on is the Error kPickleNeedsMoreBytes (ask
// again with a longer prefix), never a truncated pickle, and `need` says how
// far it needs them when an opcode's length says so. Compressed streams
// need the whole file (needed_end = file_size). With the whole file as the
// prefix the result is exactly read_pytorch(bytes).
inline constexpr std::string_view kPickleNeedsMoreBytes = "pickle.needs-more-bytes";
struct PicklePrefixNeed {
  uint64_t needed_end = 0;  // bytes are needed at least up to here; 0: not known
};
Expected<PytorchCheckpoint> read_pytorch(Bytes prefix, uint64_t file_size, PicklePrefixNeed& need);

PickleSites pickle_sites(const PytorchCheckpoint& checkpoint);

// True when `bytes` start like a pickle stream: PROTO (0x80) with protocol
// 0..5, or a plausible opening opcode whose first two instructions decode
// (GLOBAL/INST names must look like dotted Python identifiers).
bool looks_like_pickle(Bytes bytes);

// True when `bytes` are a zlib or gzip stream whose first inflated bytes look
// like a pickle or a zip (joblib's compressed files); read_pytorch inflates
// them, at most 64 MiB.
bool looks_like_compressed_pickle(Bytes bytes);

}  // namespace owl
