// Writes a folder of small model releases whose cards name bases inside the
// set, for the streaming-scan tests (bench/gen_releases.py writes the same
// shape for the benchmarks). Releases come in groups of four:
//   gNNNNNN-base        base_model meta-llama/Llama-3.1-8B (not in the set)
//   gNNNNNN-chat        base_model bench/gNNNNNN-base
//   gNNNNNN-chat-gguf   base_model bench/gNNNNNN-chat, quantized
//   gNNNNNN-a-instruct  base_model bench/gNNNNNN-chat (met before its base)
// and, when asked, a pair that name each other (a cycle).
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include "test_support.h"

namespace owl::testing {

inline std::string tiny_safetensors() {
  std::string header = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
  return out + header + std::string(16, '\0');
}

inline void write_release(const std::filesystem::path& folder, const std::string& license,
                          const std::string& base, const std::string& relation) {
  std::string card = "---\nlicense: " + license + "\n";
  if (!base.empty()) card += "base_model: " + base + "\n";
  if (!relation.empty()) card += "base_model_relation: " + relation + "\n";
  card += "---\n\n# " + folder.filename().string() + "\n\nA small model for tests.\n";
  write_file(folder / "README.md", card);
  write_file(folder / "config.json", R"({"architectures":["LlamaForCausalLM"]})");
  write_file(folder / "model.safetensors", tiny_safetensors());
}

inline void write_release_tree(const std::filesystem::path& dir, size_t releases,
                               bool with_cycle = false) {
  static constexpr std::array<const char*, 6> kLicenses = {
      "apache-2.0", "mit", "llama3.1", "gemma", "cc-by-nc-4.0", "openrail"};
  for (size_t i = 0; i < releases; ++i) {
    const size_t group = i / 4;
    const std::string stem = fmt::format("g{:06}", group);
    const std::string license = kLicenses[group % kLicenses.size()];
    switch (i % 4) {
      case 0: write_release(dir / (stem + "-base"), license, "meta-llama/Llama-3.1-8B", ""); break;
      case 1:
        write_release(dir / (stem + "-chat"), license, "bench/" + stem + "-base", "finetune");
        break;
      case 2:
        write_release(dir / (stem + "-chat-gguf"), license, "bench/" + stem + "-chat", "quantized");
        break;
      default:
        write_release(dir / (stem + "-a-instruct"), "apache-2.0", "bench/" + stem + "-chat",
                      "finetune");
    }
  }
  if (with_cycle) {
    write_release(dir / "cycle-left", "mit", "bench/cycle-right", "finetune");
    write_release(dir / "cycle-right", "llama3.1", "bench/cycle-left", "finetune");
  }
}

}  // namespace owl::testing
