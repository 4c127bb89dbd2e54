#include "owl/text.h"

#include <gtest/gtest.h>

#include <clocale>

namespace owl {
namespace {

TEST(AsciiLower, LowersAsciiLettersOnly) {
  EXPECT_EQ(ascii_lower("Meta-Llama-3.1-8B [Instruct] @Z"), "meta-llama-3.1-8b [instruct] @z");
  EXPECT_EQ(ascii_lower(""), "");
}

// 基于 and "É" in UTF-8 keep every byte whatever the process locale says:
// std::tolower under a Latin-1 locale would rewrite 0xC3 0x89.
TEST(AsciiLower, LeavesUtf8BytesAloneUnderAnyLocale) {
  const std::string text = "\xe5\x9f\xba\xe4\xba\x8e Llama \xc3\x89T\xc3\x89";
  const std::string expected = "\xe5\x9f\xba\xe4\xba\x8e llama \xc3\x89t\xc3\x89";
  EXPECT_EQ(ascii_lower(text), expected);
  const char* previous = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = previous ? previous : "C";
  if (std::setlocale(LC_CTYPE, "C.UTF-8") != nullptr) EXPECT_EQ(ascii_lower(text), expected);
  std::setlocale(LC_CTYPE, saved.c_str());
}

}  // namespace
}  // namespace owl
