// Internal to the report stage: one JSON tree per inspection, printed as
// JSON or rendered as indented text.
#pragma once

#include <nlohmann/json.hpp>

#include "owl/inspect.h"

namespace owl::detail {

nlohmann::ordered_json inspection_tree(const Inspection& inspection);

}  // namespace owl::detail
