// Numbers for people: "2.7 GB", "1.24B". Shared by every stage that words a
// statement. Pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace owl {

std::string human_bytes(uint64_t bytes);  // decimal units: "512 B", "2.7 GB"
std::string human_count(uint64_t count);  // "950", "12.5K", "8.03B"

}  // namespace owl
