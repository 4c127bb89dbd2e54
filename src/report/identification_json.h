// Internal to the report stage: the JSON form of an Identification, shared
// by `owl scan --json` and `owl identify --json`.
#pragma once

#include <string>
#include <vector>

#include "json_writer.h"
#include "owl/identify.h"

namespace owl::detail {

void write_identification(JsonWriter& json, const Identification& identification);
// terms_report.cpp: the terms read from a licence text.
void write_terms(JsonWriter& json, const ReadLicenseTerms& terms);
std::vector<std::string> terms_lines(const ReadLicenseTerms& terms);

}  // namespace owl::detail
