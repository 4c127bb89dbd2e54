// Internal to the report stage: an Assessment as JSON (the "assessment"
// object of owl.scan/1, docs/json-output.md), shared by every JSON printer.
#pragma once

#include <nlohmann/json.hpp>

#include "owl/assessment.h"

namespace owl::detail {

nlohmann::ordered_json assessment_json(const Assessment& assessment);

}  // namespace owl::detail
