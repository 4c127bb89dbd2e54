#include "owl/text.h"

namespace owl {

// Not std::tolower: that asks the C locale for every byte, and under a
// Latin-1 locale it would rewrite bytes of UTF-8 sequences.
std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace owl
