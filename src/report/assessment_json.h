// Internal to the report stage: an Assessment as JSON (the "assessment"
// object of owl.scan/1, docs/json-output.md), shared by every JSON printer.
#pragma once

#include "json_writer.h"
#include "owl/assessment.h"

namespace owl::detail {

void write_assessment(JsonWriter& json, const Assessment& assessment);

}  // namespace owl::detail
