#include "read/model_card_values.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>

#include "read/bounded_warnings.h"

namespace owl {

namespace {

constexpr int kMaxSerialisedDepth = 32;

// PyYAML (which the Hub uses) reads these plain scalars as booleans.
bool is_yaml_true(std::string_view text) {
  static constexpr std::array<std::string_view, 9> kTrue = {"true", "True", "TRUE", "yes", "Yes",
                                                            "YES",  "on",   "On",   "ON"};
  return std::find(kTrue.begin(), kTrue.end(), text) != kTrue.end();
}

bool is_yaml_false(std::string_view text) {
  static constexpr std::array<std::string_view, 9> kFalse = {"false", "False", "FALSE", "no", "No",
                                                             "NO",    "off",   "Off",   "OFF"};
  return std::find(kFalse.begin(), kFalse.end(), text) != kFalse.end();
}

// yaml-cpp tags unquoted scalars "?" and quoted ones "!".
bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

std::string json_quote(const std::string& text) {
  // Invalid UTF-8 in a card must not throw; replace it.
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

const char* yaml_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "map";
    case YAML::NodeType::Sequence: return "list";
    case YAML::NodeType::Scalar: return "string";
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Undefined: return "nothing";
  }
  return "unknown";
}

int CardValueReader::line_of(const YAML::Node& node, const YAML::Node& fallback) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) mark = fallback.Mark();
  return mark.is_null() ? first_line_ : first_line_ + mark.line;
}

bool CardValueReader::spend(size_t nodes, size_t bytes) {
  if (failure_) return false;
  if (nodes <= nodes_left_ && bytes <= bytes_left_) {
    nodes_left_ -= nodes;
    bytes_left_ -= bytes;
    return true;
  }
  failure_ = Error::limit("", std::nullopt, "card.yaml-expansion-too-large",
                          "expected the front matter's values (with aliases expanded) to stay "
                          "under 1M nodes and 16 MiB; found more (an alias bomb?)");
  return false;
}

void CardValueReader::warn_type(std::string_view field, std::string_view expected,
                                const YAML::Node& value, const YAML::Node& key) {
  add_bounded_warning(warnings_,
                      fmt::format("card.unexpected-type: line {}: expected {} to be {}, found a {}",
                                  line_of(value, key), field, expected, yaml_kind(value)),
                      "card");
}

std::optional<CardValue> CardValueReader::scalar(const YAML::Node& value, const YAML::Node& key,
                                                 std::string_view field) {
  if (value.IsNull()) return std::nullopt;
  if (!value.IsScalar()) {
    warn_type(field, "a string", value, key);
    return std::nullopt;
  }
  if (value.Scalar().empty() || !spend(1, value.Scalar().size())) return std::nullopt;
  return CardValue{value.Scalar(), line_of(value, key)};
}

std::vector<CardValue> CardValueReader::strings(const YAML::Node& value, const YAML::Node& key,
                                                std::string_view field) {
  std::vector<CardValue> out;
  if (!value.IsSequence()) {
    if (auto single = scalar(value, key, field)) out.push_back(std::move(*single));
    return out;
  }
  for (const YAML::Node& item : value) {
    if (failure_) break;
    if (item.IsNull()) continue;
    if (!item.IsScalar()) {
      warn_type(fmt::format("each item of {}", field), "a string", item, key);
      continue;
    }
    if (auto one = scalar(item, key, field)) out.push_back(std::move(*one));
  }
  return out;
}

std::optional<CardValue> CardValueReader::gated(const YAML::Node& value, const YAML::Node& key) {
  auto raw = scalar(value, key, "gated");
  if (!raw || !is_plain(value)) return raw;
  if (is_yaml_true(raw->value)) raw->value = "true";
  if (is_yaml_false(raw->value)) raw->value = "false";
  return raw;
}

std::optional<CardValue> CardValueReader::text(const YAML::Node& value, const YAML::Node& key) {
  // yaml-cpp marks an empty value at the next token, often a later line.
  if (value.IsNull()) return CardValue{"", line_of(key, key)};
  if (value.IsScalar()) {
    if (!spend(1, value.Scalar().size())) return std::nullopt;
    return CardValue{value.Scalar(), line_of(value, key)};
  }
  std::string out;
  if (!append_json(value, 0, out)) return std::nullopt;
  return CardValue{std::move(out), line_of(value, key)};
}

// Compact JSON: {"k":"v",...} and ["a",...]; scalars always as strings, as
// yaml-cpp does not type them. Aliases are followed, under the budget.
bool CardValueReader::append_json(const YAML::Node& node, int depth, std::string& out) {
  if (depth > kMaxSerialisedDepth) {
    failure_ = Error::limit(
        "", std::nullopt, "card.yaml-too-deep",
        fmt::format("expected values nested at most {} levels deep", kMaxSerialisedDepth));
    return false;
  }
  if ((node.IsMap() || node.IsSequence()) && !spend(1, 0)) return false;
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      std::string quoted = json_quote(node.Scalar());
      if (!spend(1, quoted.size())) return false;
      out += quoted;
      break;
    }
    case YAML::NodeType::Sequence: {
      out += '[';
      bool first = true;
      for (const YAML::Node& item : node) {
        if (!first) out += ',';
        first = false;
        if (!append_json(item, depth + 1, out)) return false;
      }
      out += ']';
      break;
    }
    case YAML::NodeType::Map: {
      out += '{';
      bool first = true;
      for (const auto& entry : node) {
        if (!first) out += ',';
        first = false;
        std::string key_text;
        if (entry.first.IsScalar()) {
          key_text = entry.first.Scalar();
          if (!spend(0, key_text.size())) return false;
        } else if (!append_json(entry.first, depth + 1, key_text)) {
          return false;
        }
        out += json_quote(key_text);
        out += ':';
        if (!append_json(entry.second, depth + 1, out)) return false;
      }
      out += '}';
      break;
    }
    default:
      if (!spend(1, 4)) return false;
      out += "null";
      break;
  }
  return true;
}

}  // namespace owl
