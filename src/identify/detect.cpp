#include "identify/detect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include "owl/text.h"

namespace owl::identify {
namespace {

bool front_matter_has_card_key(std::string_view front_matter) {
  static constexpr std::array<std::string_view, 14> kCardKeys = {
      "license:",      "tags:",     "base_model:", "pipeline_tag:", "library_name:",
      "datasets:",     "language:", "widget:",     "inference:",    "model-index:",
      "license_name:", "metrics:",  "thumbnail:",  "model_name:"};
  size_t pos = 0;
  while (pos < front_matter.size()) {
    const size_t eol = std::min(front_matter.find('\n', pos), front_matter.size());
    const std::string_view line = front_matter.substr(pos, eol - pos);
    for (std::string_view key : kCardKeys) {
      if (line.substr(0, key.size()) == key) return true;
    }
    pos = eol + 1;
  }
  return false;
}

size_t card_heading_count(std::string_view text) {
  static constexpr std::array<std::string_view, 20> kSections = {"model details",
                                                                 "model description",
                                                                 "model card",
                                                                 "intended use",
                                                                 "out-of-scope",
                                                                 "training data",
                                                                 "training details",
                                                                 "training procedure",
                                                                 "evaluation",
                                                                 "limitations",
                                                                 "bias",
                                                                 "how to use",
                                                                 "citation",
                                                                 "hardware",
                                                                 "ethical considerations",
                                                                 "benchmark",
                                                                 "model architecture",
                                                                 "quickstart",
                                                                 "model developers",
                                                                 "model summary"};
  std::array<bool, kSections.size()> seen{};
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] != '#' || line.size() > 200) continue;
    const std::string heading = ascii_lower(line);
    for (size_t k = 0; k < kSections.size(); ++k) {
      if (heading.find(kSections[k]) != std::string::npos) seen[k] = true;
    }
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
  static constexpr std::array<std::string_view, 15> kCues = {
      "refer to",          "see ",     "licensed under", "provided under",       "subject to",
      "available at",      "found at", "can be found",   "governed by",          "released under",
      "distributed under", "license:", "licence:",       "made available under", "is under"};
  for (std::string_view cue : kCues) {
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
  static constexpr std::array<std::string_view, 5> kFiles = {"license", "licence", "copying",
                                                             "use_policy", "notice"};
  for (std::string_view file : kFiles) {
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
