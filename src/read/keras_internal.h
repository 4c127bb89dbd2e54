// Shared pieces of the Keras readers: the findings collector and the config
// judgement (keras_config.cpp), used by the archive (keras_archive.cpp) and
// HDF5 (keras_h5.cpp) readers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "owl/keras.h"
#include "read/zip_archive.h"

namespace owl::keras {

// A .keras holds a handful of members (config, metadata, weights, assets).
inline constexpr uint64_t kMaxKerasEntries = uint64_t{1} << 14;
// A config larger than this is not parsed: "cannot inspect".
inline constexpr uint64_t kMaxConfigBytes = uint64_t{16} << 20;
// Findings kept per file; the rest are counted in one closing finding.
inline constexpr size_t kMaxFindings = 64;

// Collects findings, then judges the model: safety is the worst finding;
// findings are sorted worst first and capped.
class Findings {
 public:
  void add(Safety safety, std::string_view where, std::string_view text);
  // "cannot inspect: <why>", suspicious: what owl could not read is never safe.
  void cannot_inspect(std::string_view where, std::string_view why);
  void finish(KerasModel& model);

 private:
  std::vector<std::pair<Safety, std::string>> findings_;
  uint64_t dropped_ = 0;
  Safety dropped_worst_ = Safety::kSafe;
};

// Parses one config (JSON text from `source`: "config.json", "attribute
// model_config") and judges every serialised object in it. A config that
// does not parse is a cannot-inspect finding.
void judge_config(std::string_view json, const std::string& source, KerasModel& model,
                  Findings& findings);

// The .keras reader over an archive already open (over a ByteSource): only
// config.json and metadata.json are read; a failed read of the source is
// the Error.
Expected<KerasModel> read_opened_archive(const zip_archive::Opened& archive);
// config.json beside metadata.json or model.weights.h5, within the entry cap.
bool is_keras_archive(zip_t* archive);

}  // namespace owl::keras
