// What the ranged path (a file on the Hub, fetched by byte ranges) costs per
// weights file: requests and bytes read through a RangedMemorySource,
// against the file's size. Counts, not times. Usage:
//   ranged_reads [FOLDER...]   (default: the corpus's weights folders)
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "owl/byte_source.h"
#include "read/artifact_readers.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<std::string> folders(argv + 1, argv + argc);
  if (folders.empty())
    for (const char* name : {"gguf", "gguf-crafted", "gguf-generated", "safetensors",
                             "safetensors-crafted", "pytorch", "pickle-malicious"})
      folders.push_back(std::string(OWL_CORPUS_DIR) + "/" + name);
  fmt::print("{:<64} {:>10} {:>8} {:>10} {:>6}\n", "file", "size", "requests", "bytes read",
             "share");
  uint64_t total_size = 0, total_read = 0, total_requests = 0;
  for (const auto& folder : folders) {
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                 std::istreambuf_iterator<char>());
      const std::string name = entry.path().filename().string();
      const owl::FoundFile file{entry.path().string(), name, bytes.size(), owl::FileRole::kWeights,
                                std::nullopt};
      owl::RangedMemorySource source(std::move(bytes), name);
      (void)owl::detail::read_weights_file(file, source);
      const std::string shown =
          fs::relative(entry.path(), fs::path(folder).parent_path()).generic_string();
      fmt::print("{:<64} {:>10} {:>8} {:>10} {:>5.1f}%\n", shown.substr(0, 64), source.size(),
                 source.reads(), source.bytes_read(),
                 source.size() ? 100.0 * static_cast<double>(source.bytes_read()) /
                                     static_cast<double>(source.size())
                               : 100.0);
      total_size += source.size();
      total_read += source.bytes_read();
      total_requests += source.reads();
    }
  }
  fmt::print("total: {} bytes in the files, {} read in {} requests\n", total_size, total_read,
             total_requests);
  return 0;
}
