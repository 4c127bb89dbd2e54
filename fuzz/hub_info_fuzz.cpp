// The Hub API's model info JSON (bytes off the network) into a
// ReleaseLocation: every field checked, never a crash or an unsafe path.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hub/model_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const owl::HubId id{"fuzz", "model", std::nullopt};
  static const owl::HubSettings settings;
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto location = owl::hub::location_from_info(id, body, settings);
  if (location)
    for (const auto& file : location->files)
      if (file.relative.empty() || file.relative.front() == '/' || file.relative == ".." ||
          file.relative.starts_with("../") || file.relative.find("/../") != std::string::npos ||
          file.relative.ends_with("/.."))
        __builtin_trap();
  return 0;
}
