// Glue between the pickle scanner and the checkpoint reader: a loader call
// such as pickle.loads(b"...") or torch.storage._load_from_bytes(b"...") found
// inside a pickle hands its literal payload back to the checkpoint reader,
// which may find more pickles (or a zip) inside. Depth is capped so a payload
// nested in itself cannot recurse without end.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/bytes.h"
#include "owl/pickle.h"

namespace owl::pickle {

inline constexpr int kMaxNestingDepth = 3;

// Findings are written "<safety>: <text>" so that merged lists can be sorted
// worst first without a side table.
std::string make_finding(Safety safety, std::string_view text);
Safety finding_safety(std::string_view finding);
std::string_view finding_text(std::string_view finding);  // without the safety prefix
// Sorts `findings` worst first (stable), appends each to `out` as
// make_finding writes it, and returns the worst safety (safe when empty).
Safety write_findings(std::vector<std::pair<Safety, std::string>>& findings,
                      std::vector<std::string>& out);

struct NestedScan {
  Safety safety = Safety::kSafe;
  std::vector<PickleImport> imports;  // nested_in as the inner reader set it
  std::vector<std::string> findings;
};

// Reads `payload` as read_pytorch would (zip, legacy, pickle stream) at the
// given nesting depth; a payload that is none of those is suspicious.
// Defined in pytorch.cpp.
NestedScan scan_nested_payload(Bytes payload, int depth);

// What a reader walks may be the first bytes of a longer input (a remote
// file fetched from its start): `size` is the whole input's length from the
// start of the bytes at hand. Without `need` the bytes are the whole input.
struct InputExtent {
  uint64_t size = 0;
  PicklePrefixNeed* need = nullptr;
  // True when the input goes on past `held` bytes at hand.
  bool goes_on_past(uint64_t held) const { return need != nullptr && held < size; }
};
inline InputExtent whole_input(Bytes bytes) { return {bytes.size(), nullptr}; }

// kPickleNeedsMoreBytes at `at`; records `needed_end` (0: not known).
Error needs_more_bytes(const InputExtent& extent, uint64_t at, uint64_t needed_end);

// scan_pickle with the nesting depth of the payload being scanned.
// Defined in pickle.cpp.
Expected<PickleScan> scan_pickle_at_depth(Bytes bytes, uint64_t base_offset, int depth);
Expected<PickleScan> scan_pickle_at_depth(Bytes bytes, uint64_t base_offset, int depth,
                                          const InputExtent& extent);

// looks_like_pickle over a prefix: nullopt when the answer lies past the
// bytes at hand and the input goes on.
std::optional<bool> looks_like_pickle_prefix(Bytes bytes, const InputExtent& extent);

// read_pytorch at a nesting depth. Defined in pytorch.cpp.
Expected<PytorchCheckpoint> read_pytorch_at_depth(Bytes bytes, int depth);
Expected<PytorchCheckpoint> read_pytorch_at_depth(Bytes bytes, int depth,
                                                  const InputExtent& extent);

}  // namespace owl::pickle
