// Fuzzes the checkpoint reader (zip via libzip, legacy and plain pickle
// streams, .npy): any bytes must yield a checkpoint or an Error. The prefix
// path must agree: every prefix either asks for more bytes (and says how
// far, past the prefix, when it knows) or gives the whole-file result.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "owl/pickle.h"

namespace {

std::string outcome(const owl::Expected<owl::PytorchCheckpoint>& checkpoint) {
  if (!checkpoint) return checkpoint.error().message();
  std::string out = std::to_string(static_cast<int>(checkpoint->container)) + " " +
                    std::to_string(checkpoint->storage_bytes) + " " +
                    owl::to_string(checkpoint->safety);
  for (const auto& finding : checkpoint->findings) out += "|" + finding;
  for (const auto& [name, scan] : checkpoint->pickles) {
    out += "|" + name + " " + std::to_string(scan.end_offset) + " " +
           std::to_string(scan.trailing_bytes) + " " + std::to_string(scan.imports.size()) + " " +
           std::to_string(scan.calls.size());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const owl::Bytes bytes(data, size);
  auto checkpoint = owl::read_pytorch(bytes);
  const std::string whole = outcome(checkpoint);
  for (size_t prefix = 1; prefix < size; prefix = prefix * 2 + 1) {
    owl::PicklePrefixNeed need;
    auto partial = owl::read_pytorch(bytes.first(prefix), size, need);
    if (!partial && partial.error().rule() == owl::kPickleNeedsMoreBytes) {
      if (need.needed_end != 0 && need.needed_end <= prefix) std::abort();
      continue;
    }
    if (outcome(partial) != whole) std::abort();
  }
  if (!checkpoint) return 0;
  for (const auto& [name, scan] : checkpoint->pickles) {
    if (scan.safety > checkpoint->safety) std::abort();
  }
  return 0;
}
