// Internal to the report stage: the JSON form of an Identification, shared
// by `owl scan --json` and `owl identify --json`.
#pragma once

#include <nlohmann/json.hpp>

#include "owl/identify.h"

namespace owl::detail {

nlohmann::ordered_json identification_tree(const Identification& identification);

}  // namespace owl::detail
