// Internal to the read stage: sha256_file with a hook that runs after the
// first chunk is hashed, so a test can change the file mid-read.
#pragma once

#include <functional>
#include <string>

#include "owl/error.h"

namespace owl::detail {

Expected<std::string> sha256_file(const std::string& path,
                                  const std::function<void()>& after_first_chunk);

}  // namespace owl::detail
