// Numbers for people: "2.7 GB", "1.24B". Shared by every stage that words a
// statement. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace owl {

std::string human_bytes(uint64_t bytes);  // decimal units: "512 B", "2.7 GB"
std::string human_count(uint64_t count);  // "950", "12.5K", "8.03B"

// Quoted text on one line: whitespace runs collapse to one space, and text
// past `limit` bytes is cut with an ellipsis.
std::string one_line(std::string_view text, size_t limit);

}  // namespace owl
