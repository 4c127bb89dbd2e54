// Test helper: runs tests/tools/validate_json_schema.mjs on a BOM, against
// the official schemas scripts/test.sh installs under tools/. Missing node
// or schemas fail the test; OWL_ALLOW_NO_NPM=1 turns that into a skip for
// machines that cannot reach npm (never set in CI).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_support.h"

namespace owl::testing {

inline std::string bom_tools_missing() {
  const auto tools = source_dir() / "tools";
  if (!std::filesystem::exists(tools / "node_modules/ajv-formats"))
    return "tools/node_modules/ajv-formats";
  if (!std::filesystem::exists(
          tools /
          "node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.6.SNAPSHOT.schema.json"))
    return "@cyclonedx/cyclonedx-library";
  if (!std::filesystem::exists(tools / "schemas/spdx-3.0.1.schema.json"))
    return "tools/schemas/spdx-3.0.1.schema.json";
  if (std::system("node --version >/dev/null 2>&1") != 0) return "node";
  return "";
}

struct SchemaVerdict {
  bool valid = false;
  std::string output;
};

// `format` is "cyclonedx" or "spdx".
inline SchemaVerdict validate_bom(const std::string& format, const std::filesystem::path& bom) {
  const auto tools = source_dir() / "tools";
  const std::string command =
      "node " + (source_dir() / "tests/tools/validate_json_schema.mjs").string() + " " +
      (tools / "node_modules").string() + " " + format + " " + bom.string() + " 2>&1";
  SchemaVerdict verdict;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return verdict;
  char chunk[4096];
  while (size_t got = std::fread(chunk, 1, sizeof chunk, pipe)) verdict.output.append(chunk, got);
  const int status = ::pclose(pipe);
  verdict.valid = WIFEXITED(status) && WEXITSTATUS(status) == 0 && verdict.output == "valid\n";
  return verdict;
}

}  // namespace owl::testing

// Fails (or, with OWL_ALLOW_NO_NPM=1, skips) the calling test when the
// validator's tools are not installed.
#define OWL_REQUIRE_BOM_SCHEMAS()                                                 \
  do {                                                                            \
    const std::string missing = ::owl::testing::bom_tools_missing();              \
    if (!missing.empty()) {                                                       \
      const char* allow = std::getenv("OWL_ALLOW_NO_NPM");                        \
      if (allow != nullptr && std::string(allow) == "1")                          \
        GTEST_SKIP() << "OWL_ALLOW_NO_NPM=1 and " << missing << " is missing";    \
      FAIL() << missing                                                           \
             << " is missing: run scripts/test.sh (it installs the schemas into " \
                "tools/), or set OWL_ALLOW_NO_NPM=1 where npm cannot be reached"; \
    }                                                                             \
  } while (false)
