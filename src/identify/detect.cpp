#include "identify/detect.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "identify/document_shapes.h"
#include "owl/text.h"

namespace owl::identify {
namespace {

bool front_matter_has_card_key(std::string_view front_matter) {
  size_t pos = 0;
  while (pos < front_matter.size()) {
    const size_t eol = std::min(front_matter.find('\n', pos), front_matter.size());
    const std::string_view line = front_matter.substr(pos, eol - pos);
    for (const std::string& key : DocumentShapes::builtin().card_front_matter_keys)
      if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':')
        return true;
    pos = eol + 1;
  }
  return false;
}

size_t card_heading_count(std::string_view text) {
  const auto& sections = DocumentShapes::builtin().card_section_headings;
  std::vector<bool> seen(sections.size(), false);
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] != '#' || line.size() > 200) continue;
    const std::string heading = ascii_lower(line);
    for (size_t k = 0; k < sections.size(); ++k)
      if (heading.find(sections[k]) != std::string::npos) seen[k] = true;
  }
  return static_cast<size_t>(std::count(seen.begin(), seen.end(), true));
}

bool is_target_char(char c) {
  return !std::isspace(static_cast<unsigned char>(c)) && c != ')' && c != ']' && c != '>' &&
         c != '"' && c != '\'' && c != '`' && c != '<';
}

}  // namespace

bool looks_like_model_card(std::string_view text) {
  const size_t front_end = front_matter_end(text);
  if (front_end > 0 && front_matter_has_card_key(text.substr(0, front_end))) return true;
  return card_heading_count(text) >= 2;
}

PointerShape pointer_shape(std::string_view text) {
  PointerShape shape;
  const std::string lowered = ascii_lower(text.substr(0, 8192));
  for (const std::string& cue : DocumentShapes::builtin().pointer_cues) {
    if (lowered.find(cue) != std::string::npos) shape.cue = true;
  }
  const size_t url = lowered.find("http");
  if (url != std::string::npos &&
      (lowered.compare(url, 7, "http://") == 0 || lowered.compare(url, 8, "https://") == 0)) {
    size_t end = url;
    while (end < lowered.size() && is_target_char(lowered[end])) ++end;
    while (end > url && (lowered[end - 1] == '.' || lowered[end - 1] == ',')) --end;
    shape.target = std::string(text.substr(url, end - url));
    return shape;
  }
  for (const std::string& file : DocumentShapes::builtin().pointer_file_names) {
    for (size_t at = lowered.find(file); at != std::string::npos; at = lowered.find(file, at + 1)) {
      // Only a file name: upper-case in the original, or followed by an extension.
      const bool upper = std::isupper(static_cast<unsigned char>(text[at])) &&
                         std::isupper(static_cast<unsigned char>(text[at + 1]));
      size_t end = at + file.size();
      while (end < lowered.size() && is_target_char(lowered[end])) ++end;
      while (end > at &&
             (lowered[end - 1] == '.' || lowered[end - 1] == ',' || lowered[end - 1] == ':'))
        --end;
      if (upper) {
        shape.target = std::string(text.substr(at, end - at));
        return shape;
      }
    }
  }
  return shape;
}

}  // namespace owl::identify
