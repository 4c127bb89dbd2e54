// Internal to the report stage: knowledge-base facts in words, shared by
// `owl explain ID`, `owl explain A B` and `owl explain --list`.
#pragma once

#include <string>

#include "owl/knowledge.h"

namespace owl::detail {

// "more than 700 million monthly active users"
std::string threshold_words(const Threshold& threshold);

}  // namespace owl::detail
