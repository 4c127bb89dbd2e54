// Internal to the report stage: the JSON form of an Identification, shared
// by `owl scan --json` and `owl identify --json`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "owl/identify.h"

namespace owl::detail {

nlohmann::ordered_json identification_tree(const Identification& identification);
// terms_report.cpp: the terms read from a licence text.
nlohmann::ordered_json terms_tree(const ReadLicenseTerms& terms);
std::vector<std::string> terms_lines(const ReadLicenseTerms& terms);

}  // namespace owl::detail
