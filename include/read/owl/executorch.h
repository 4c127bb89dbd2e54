// ExecuTorch programs (.pte): a FlatBuffer (file identifier "ET" + two
// digits at byte 4) holding execution plans, the operators each calls and
// the backend delegates it hands subgraphs to.
//
// The ExecuTorch runtime never runs Python: an operator resolves to a kernel
// compiled into the runtime, and a delegate's blob is handed to a native
// backend library (XNNPACK, Core ML, QNN, ...). So a program of PyTorch's
// own operators and no delegates is safe; an operator outside PyTorch's
// namespaces needs a custom kernel the runtime must bring (suspicious); a
// delegate blob is opaque to owl ("cannot inspect", suspicious). The
// FlatBuffer is read by hand at the hostile boundary: every offset is
// bounds-checked and every count capped. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/safety.h"

namespace owl {

struct ExecutorchProgram {
  std::string identifier;              // "ET12"
  uint32_t version = 0;                // the schema version field
  std::vector<std::string> plans;      // method names ("forward")
  std::vector<std::string> operators;  // "aten::add.out", distinct, first-seen order
  std::vector<std::string> delegates;  // backend ids ("XnnpackBackend"), one per delegate
  Safety safety = Safety::kSafe;
  std::vector<std::string> findings;  // "<safety>: <plan>: <why>", worst first
};

// `bytes` is the whole file. Errors: "executorch.magic" (no "ET" identifier
// at byte 4), "executorch.bad-flatbuffer" (an offset or length outside the
// file, a count over its cap).
Expected<ExecutorchProgram> read_executorch(Bytes bytes);

// True when bytes 4..7 are "ET" followed by two digits.
bool looks_like_executorch(Bytes bytes);

}  // namespace owl
