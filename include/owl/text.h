// Small text helpers shared by every stage. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace owl {

// ASCII letters to lower case; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view text);
// ASCII letters to upper case; other bytes unchanged.
std::string ascii_upper(std::string_view text);

}  // namespace owl
