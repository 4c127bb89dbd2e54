// Flags for inputs on the Hugging Face Hub (hf://ORG/NAME), shared by
// `owl scan`, `owl bom` and `owl census`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "owl/audit.h"

namespace owl::cli {

struct HubFlags {
  std::string from_list;                             // one hf:// id or path a line
  bool refresh = false;                              // bypass owl's Hub cache
  unsigned connections = HubSettings{}.connections;  // one default, the library's
  unsigned timeout_s = static_cast<unsigned>(
      HubSettings{}.read_timeout_s);  // no byte for this long: the request fails
};

void add_hub_flags(CLI::App& command, HubFlags& flags);

// The paths given, then --from-list's lines (blank lines and # comments
// skipped); an Error when the list cannot be read or there is no input.
Expected<std::vector<std::string>> inputs_from(const std::vector<std::string>& paths,
                                               const HubFlags& flags);

// The environment's Hub settings (HF_ENDPOINT, HF_TOKEN, ...) with the
// flags on top; warnings go to stderr, one line each.
HubSettings hub_settings_from(const HubFlags& flags);

// -j: as given, else at least 32 when an input is on the Hub (its work
// waits on the network, not the CPU), else 0 (one per core).
unsigned workers_for(const std::vector<std::string>& inputs, unsigned jobs);

}  // namespace owl::cli
