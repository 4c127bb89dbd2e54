#include "json_writer.h"

#include <charconv>

namespace owl::detail {

namespace {

// The length of the well-formed UTF-8 sequence starting at `at` (Unicode
// table 3-7: no overlongs, no surrogates, nothing past U+10FFFF), 0 if
// there is none. The same sequences nlohmann's decoder accepts.
size_t utf8_sequence(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto in = [&](size_t i, unsigned char low, unsigned char high) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(at);
  if (lead >= 0xC2 && lead <= 0xDF) return in(at + 1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return in(at + 1, low, high) && in(at + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return in(at + 1, low, high) && in(at + 2, 0x80, 0xBF) && in(at + 3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  out.push_back('"');
  size_t plain = 0;  // start of the run of bytes copied as they are
  const auto flush = [&](size_t end) { out.append(text.data() + plain, end - plain); };
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t length = utf8_sequence(text, i);
      if (length == 0) {
        // Invalid UTF-8 is rare and nlohmann's replacement rules are
        // subtle: let it write this string.
        out.resize(start);
        out += nlohmann::ordered_json(std::string(text))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += length;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    flush(i);
    out.push_back('\\');
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '\b': out.push_back('b'); break;
      case '\f': out.push_back('f'); break;
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      case '\t': out.push_back('t'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    plain = ++i;
  }
  flush(text.size());
  out.push_back('"');
}

JsonWriter::JsonWriter(std::string& out, int indent, size_t depth)
    : out_(out), indent_(indent), depth_(depth) {}

void JsonWriter::newline_and_indent(size_t levels) {
  out_.push_back('\n');
  out_.append(depth_ + levels * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::begin_item() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (levels_.empty()) return;
  Level& level = levels_.back();
  if (level.members++ > 0) out_.push_back(',');
  if (indent_ >= 0) newline_and_indent(levels_.size());
}

JsonWriter& JsonWriter::open(char bracket, bool object) {
  begin_item();
  out_.push_back(bracket);
  levels_.push_back({object});
  return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{', true); }
JsonWriter& JsonWriter::begin_array() { return open('[', false); }

JsonWriter& JsonWriter::close(char bracket) {
  const size_t members = levels_.back().members;
  levels_.pop_back();
  if (members > 0 && indent_ >= 0) newline_and_indent(levels_.size());
  out_.push_back(bracket);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  begin_item();
  append_json_string(out_, name);
  out_.append(indent_ >= 0 ? ": " : ":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::null() {
  begin_item();
  out_.append("null");
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  begin_item();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  begin_item();
  out_.append(flag ? "true" : "false");
  return *this;
}

// Shortest round-trip digits in nlohmann's own notation; rare enough in
// owl's output (scores, thresholds) to leave to it.
JsonWriter& JsonWriter::value(double number) {
  begin_item();
  out_ += nlohmann::ordered_json(number).dump();
  return *this;
}

JsonWriter& JsonWriter::signed_value(int64_t number) {
  begin_item();
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
  return *this;
}

JsonWriter& JsonWriter::unsigned_value(uint64_t number) {
  begin_item();
  char digits[24];
  out_.append(digits, std::to_chars(digits, digits + sizeof digits, number).ptr);
  return *this;
}

JsonWriter& JsonWriter::field_or_null(std::string_view name, std::string_view text) {
  key(name);
  return text.empty() ? null() : value(text);
}

JsonWriter& JsonWriter::value(const nlohmann::ordered_json& tree) {
  using Type = nlohmann::ordered_json::value_t;
  switch (tree.type()) {
    case Type::object:
      begin_object();
      for (auto item = tree.begin(); item != tree.end(); ++item) key(item.key()).value(*item);
      return end_object();
    case Type::array:
      begin_array();
      for (const auto& item : tree) value(item);
      return end_array();
    case Type::string: return value(tree.get_ref<const std::string&>());
    case Type::boolean: return value(tree.get<bool>());
    case Type::number_integer: return value(tree.get<int64_t>());
    case Type::number_unsigned: return value(tree.get<uint64_t>());
    case Type::number_float: return value(tree.get<double>());
    case Type::null:
    case Type::binary:
    case Type::discarded: return null();
  }
  return null();
}

}  // namespace owl::detail
