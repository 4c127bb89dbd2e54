// Turns yaml-cpp nodes from a card's front matter into CardValues, with the
// README line of each and a warning (not an exception) for every value of
// the wrong shape.
//
// yaml-cpp shares aliased nodes instead of copying them, so a few hundred
// bytes of `&a [*b, *b]` chains describe a graph whose expansion is
// exponential. Every copy made here (list items, serialised maps) draws on a
// node and byte budget; once spent, failed() holds a limit Error and the
// extractors return nothing more. Not thread-safe; one per card.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "owl/error.h"
#include "owl/model_card.h"

namespace owl {

class CardValueReader {
 public:
  // `first_line` is the README line of the YAML text's first line.
  CardValueReader(int first_line, std::vector<std::string>& warnings)
      : first_line_(first_line), warnings_(warnings) {}

  // A single string. Null yields nothing; a list or map yields a warning.
  std::optional<CardValue> scalar(const YAML::Node& value, const YAML::Node& key,
                                  std::string_view field);
  // A string or a list of strings; non-string items are skipped with a
  // warning.
  std::vector<CardValue> strings(const YAML::Node& value, const YAML::Node& key,
                                 std::string_view field);
  // `gated`: YAML booleans become "true"/"false"; other text stays.
  std::optional<CardValue> gated(const YAML::Node& value, const YAML::Node& key);
  // Any value as text: scalars as written, maps and lists as compact JSON.
  std::optional<CardValue> text(const YAML::Node& value, const YAML::Node& key);

  const std::optional<Error>& failed() const { return failure_; }
  int line_of(const YAML::Node& node, const YAML::Node& fallback) const;

 private:
  bool spend(size_t nodes, size_t bytes);
  void warn_type(std::string_view field, std::string_view expected, const YAML::Node& value,
                 const YAML::Node& key);
  bool append_json(const YAML::Node& node, int depth, std::string& out);

  int first_line_;
  std::vector<std::string>& warnings_;
  size_t nodes_left_ = 1'000'000;
  size_t bytes_left_ = 16u << 20;
  std::optional<Error> failure_;
};

// "map", "list", "string" or "null", for messages.
const char* yaml_kind(const YAML::Node& node);

}  // namespace owl
