// NVIDIA NeMo model files (.nemo), judged for code they make the loader run,
// without extracting or executing anything.
//
// A .nemo is a tar archive (sometimes gzip'd) holding model_config.yaml, one
// or more PyTorch checkpoints (model_weights.ckpt, per-rank copies) and
// tokenizer files. NeMo restores a model by extracting the tar and letting
// Hydra instantiate every `_target_` class the config names, then
// torch.load's the checkpoints. So: each `_target_` is judged against
// data/nemo/policy.yaml (NeMo's own classes are safe; code-running modules
// are dangerous; anything else is suspicious), each checkpoint goes through
// the pickle scanner (read_pytorch), and member names that would extract
// outside the folder ("../", absolute paths, links) are dangerous. What owl
// cannot read (past the gzip cap, a broken header, a checkpoint that does not
// parse) is a "cannot inspect" finding, never safe. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/pickle.h"
#include "owl/safety.h"

namespace owl {

struct NemoArchive {
  bool gzip = false;
  uint64_t member_count = 0;
  std::vector<std::string> config_members;  // the YAML configs judged
  std::vector<std::string> targets;         // distinct `_target_` values, first-seen order
  std::vector<std::pair<std::string, PytorchCheckpoint>> checkpoints;  // member name, scan
  Safety safety = Safety::kSafe;
  // "<safety>: <member> [<config path>]: <why>", worst first.
  std::vector<std::string> findings;
};

// `bytes` is the whole file. Errors: "nemo.not-a-tar" (neither a tar nor a
// gzip'd tar).
Expected<NemoArchive> read_nemo(Bytes bytes);

// True when `bytes` are a tar archive (ustar magic at byte 257).
bool looks_like_nemo_tar(Bytes bytes);

}  // namespace owl
