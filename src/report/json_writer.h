// Internal to the report stage: JSON written straight into a string, with
// the bytes nlohmann's dump would give for the same tree (pretty-printed
// with `indent` spaces, or on one line), but without building the tree.
// `scan --json` spent about half its CPU allocating, dumping and freeing a
// tree per release; the streaming printers write through this instead.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace owl::detail {

// Appends `text` as a JSON string literal, escaped as nlohmann escapes it
// (ensure_ascii off; invalid UTF-8 replaced by U+FFFD, as a hostile header
// must not abort the report).
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
 public:
  // `indent` < 0: one line, no spaces. Otherwise pretty-printed, the value
  // starting `depth` spaces deep (its first line is not indented: the
  // caller has placed it).
  JsonWriter(std::string& out, int indent, size_t depth = 0);

  JsonWriter& begin_object();
  JsonWriter& begin_array();
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& end_array() { return close(']'); }
  // The next value is this member's.
  JsonWriter& key(std::string_view name);

  JsonWriter& null();
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(double number);
  JsonWriter& value(std::nullptr_t) { return null(); }
  template <class T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) JsonWriter& value(T number) {
    if constexpr (std::is_signed_v<T>)
      return signed_value(static_cast<int64_t>(number));
    else
      return unsigned_value(static_cast<uint64_t>(number));
  }
  template <class T>
  JsonWriter& value(const std::optional<T>& maybe) {
    return maybe ? value(*maybe) : null();
  }
  template <class T>
  JsonWriter& value(const std::vector<T>& list) {
    begin_array();
    for (const auto& item : list) value(item);
    return end_array();
  }
  template <class T>
  JsonWriter& value(const std::map<std::string, T>& map) {
    begin_object();
    for (const auto& [name, item] : map) key(name).value(item);
    return end_object();
  }
  // A tree someone else built, written in place.
  JsonWriter& value(const nlohmann::ordered_json& tree);

  // key(name).value(v), the common case.
  template <class T>
  JsonWriter& field(std::string_view name, const T& v) {
    return key(name).value(v);
  }
  // A string member that is null when empty.
  JsonWriter& field_or_null(std::string_view name, std::string_view text);

 private:
  struct Level {
    bool object;
    size_t members = 0;
  };

  // Separator and indentation before a value or a key.
  void begin_item();
  JsonWriter& open(char bracket, bool object);
  JsonWriter& close(char bracket);
  JsonWriter& signed_value(int64_t number);
  JsonWriter& unsigned_value(uint64_t number);
  void newline_and_indent(size_t levels);

  std::string& out_;
  int indent_;
  size_t depth_;
  bool after_key_ = false;
  std::vector<Level> levels_;
};

}  // namespace owl::detail
