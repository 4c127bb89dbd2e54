// Internal to the report stage: ANSI colour for terminal printers, or plain
// text when colour is off. One place, so every printer colours alike.
#pragma once

#include <fmt/format.h>

#include <string>

namespace owl::detail {

struct Painter {
  bool color;
  std::string paint(const std::string& text, const char* code) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
  }
  std::string bold(const std::string& text) const { return paint(text, "1"); }
  std::string dim(const std::string& text) const { return paint(text, "2"); }
  std::string good(const std::string& text) const { return paint(text, "32"); }
  std::string warn(const std::string& text) const { return paint(text, "33"); }
  std::string bad(const std::string& text) const { return paint(text, "31"); }
};

}  // namespace owl::detail
