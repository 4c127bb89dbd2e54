// Feeds arbitrary bytes to the chat template checks as a template's text:
// the lexer (blocks, strings, brackets, raw sections) and every check over
// its tokens, with findings described as scan prints them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "owl/chat_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const owl::TemplateScan scan = owl::scan_chat_template(text);
  for (const auto& finding : scan.findings) (void)owl::describe(finding, "fuzz");
  return 0;
}
