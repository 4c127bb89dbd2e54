#include "hub_flags.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "owl/report.h"

namespace owl::cli {

namespace {
constexpr size_t kMaxListLines = 1'000'000;
}

void add_hub_flags(CLI::App& command, HubFlags& flags) {
  command
      .add_option("--from-list", flags.from_list,
                  "Also scan the hf:// ids and paths in FILE, one a line (# comments and blank "
                  "lines skipped)")
      ->type_name("FILE");
  command.add_flag("--refresh", flags.refresh,
                   "Ask the Hub again instead of using owl's cache of model info and file "
                   "ranges (~/.cache/owl/hub)");
  command
      .add_option("--hub-connections", flags.connections,
                  "Requests to the Hub in flight at once, across all workers (default 32)")
      ->check(CLI::Range(1, 64));
  command
      .add_option("--hub-timeout", flags.timeout_s,
                  "Seconds without a byte from the Hub before a request fails (default 30)")
      ->check(CLI::Range(1, 3600));
}

Expected<std::vector<std::string>> inputs_from(const std::vector<std::string>& paths,
                                               const HubFlags& flags) {
  std::vector<std::string> inputs = paths;
  if (!flags.from_list.empty()) {
    std::ifstream list(flags.from_list);
    if (!list) return Error::io(flags.from_list, "cannot open the --from-list file");
    std::string line;
    size_t lines = 0;
    while (std::getline(list, line)) {
      if (++lines > kMaxListLines)
        return Error::limit(flags.from_list, std::nullopt, "list.too-long",
                            "over " + std::to_string(kMaxListLines) + " lines");
      const auto first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos || line[first] == '#') continue;
      const auto last = line.find_last_not_of(" \t\r");
      inputs.push_back(line.substr(first, last - first + 1));
    }
  }
  if (inputs.empty())
    return Error::usage("nothing to read: give a PATH, an hf:// id or --from-list");
  return inputs;
}

HubSettings hub_settings_from(const HubFlags& flags) {
  HubSettings settings = hub_settings_from_environment();
  settings.refresh = flags.refresh;
  settings.connections = flags.connections;
  settings.read_timeout_s = flags.timeout_s;
  settings.warn = [](const std::string& warning) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    print_message_line(std::cerr, "owl: warning: " + warning);
  };
  return settings;
}

unsigned workers_for(const std::vector<std::string>& inputs, unsigned jobs) {
  if (jobs != 0) return jobs;
  if (std::none_of(inputs.begin(), inputs.end(), is_hub_input)) return 0;
  return std::max(32u, std::thread::hardware_concurrency());
}

}  // namespace owl::cli
