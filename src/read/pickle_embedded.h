// Payloads hidden in the constants a pickle pushes: a string or bytes value
// that is itself a pickle, or that decodes (base64, hex, zlib, gzip, in up
// to kMaxLayers stages) to a pickle or to shell or Python code.
//
// Why constants and not only loader arguments: a payload can be decoded and
// loaded by code the scanner cannot follow (a gadget chain, a later
// process), so a pickle nobody loads in this stream is still reported, at
// least as suspicious, and a dangerous import inside it makes it dangerous.
//
// Conservative by design: only a decode that ends in a pickle that reads to
// its STOP, a zip, or mostly printable text holding a code marker from
// data/pickle/policy.yaml counts; random bytes, hashes and tensor names that
// happen to be valid base64 or hex decode to nothing and are not reported.
// Every decoder writes at most the caller's budget, and nesting is capped by
// kMaxNestingDepth.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "owl/pickle.h"

namespace owl::pickle {

inline constexpr int kMaxLayers = 4;

// Cheap test at push time: could `blob` hide a payload at all?
bool may_hide_payload(std::string_view blob);

struct EmbeddedPayload {
  enum class Kind { kNothing, kPickle, kCode, kTooDeep } kind = Kind::kNothing;
  std::vector<std::string> layers;  // decodings applied, outermost first ("base64", "zlib")
  Safety safety = Safety::kSafe;    // of the nested pickle
  std::vector<PickleImport> imports;
  std::vector<std::string> findings;  // the nested pickle's, "<safety>: text"
  std::string code_marker;            // kCode: the marker found and why it matters
  std::string code_reason;
  bool budget_exhausted = false;  // a decoder stopped at the budget
};

// Decodes `blob` as far as it goes. `depth` is the nesting depth of the
// stream holding the blob; `budget` is decremented by every decoded byte.
EmbeddedPayload decode_embedded(std::string_view blob, int depth, uint64_t& budget);

}  // namespace owl::pickle
