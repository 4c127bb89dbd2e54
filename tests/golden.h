// Corpus-wide figures (how many of the 3,424 real cards have each conflict,
// the census counts, ...) live in one file, tests/golden/corpus-counts.txt,
// one "[section]" per test. A test compares what the code computes now with
// its section and prints the difference line by line; with
// OWL_UPDATE_GOLDEN=1 in the environment (scripts/update-golden.sh) it
// rewrites its section instead, so an intended change is one readable diff.
#pragma once

#include <string>
#include <vector>

namespace owl::testing {

void expect_golden(const std::string& section, const std::vector<std::string>& lines);

}  // namespace owl::testing
