// Feeds arbitrary bytes to the GGUF reader, and the licence/lineage
// gathering on whatever it accepts. The ranged path must agree: every
// prefix either asks for more bytes or gives the whole-file result, and
// the weights reader over a ranged source gives the same artifact; what a
// prefix says about the bytes still to fetch lies inside the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "owl/gguf.h"
#include "ranged_agreement.h"

namespace {

std::string outcome(const owl::Expected<owl::GgufFile>& file) {
  if (!file) return file.error().message();
  return std::to_string(file->metadata.size()) + " " + std::to_string(file->tensors.size()) + " " +
         std::to_string(file->data_offset) + " " + std::to_string(file->parameter_count);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const owl::Bytes bytes(data, size);
  auto file = owl::read_gguf(bytes);
  if (file.has_value()) {
    const owl::GgufGeneral general = owl::gguf_general(*file);
    (void)general;
  }
  const std::string whole = outcome(file);
  for (size_t prefix = 1; prefix < size; prefix = prefix * 2 + 1) {
    owl::GgufPrefixNeed need;
    auto partial = owl::read_gguf(bytes.first(prefix), size, need);
    if (!partial && partial.error().rule() == owl::kGgufNeedsMoreBytes) {
      // The estimate sizes a fetch: past the prefix, inside the file.
      if (need.needed_end <= prefix || need.needed_end > size) std::abort();
      if (need.header_end && (*need.header_end < need.needed_end || *need.header_end > size))
        std::abort();
      continue;
    }
    if (outcome(partial) != whole) std::abort();
  }
  owl::fuzz::check_ranged_agrees(bytes, "model.gguf");
  return 0;
}
