// Reading the findings of a reader's result in a test: whether one contains
// a phrase, and all of them for a failure message. Any result with a
// `findings` vector of strings will do.
#pragma once

#include <algorithm>
#include <string>

namespace owl::testing {

template <class Result>
bool has_finding(const Result& result, const std::string& part) {
  return std::any_of(result.findings.begin(), result.findings.end(),
                     [&](const std::string& f) { return f.find(part) != std::string::npos; });
}

template <class Result>
std::string all_findings(const Result& result) {
  std::string out;
  for (const auto& finding : result.findings) out += finding + "\n";
  return out;
}

}  // namespace owl::testing
