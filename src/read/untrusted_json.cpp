#include "read/untrusted_json.h"

#include <fmt/format.h>

#include <optional>
#include <unordered_set>
#include <vector>

#include "read/printable.h"

namespace owl {

namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxMessageChars = 240;

std::string clip(std::string text) {
  if (text.size() > kMaxMessageChars) {
    text.resize(kMaxMessageChars);
    text += "...";
  }
  return text;
}

// Walks the text once, refusing it as soon as it breaks a cap. Returning
// false from a SAX callback stops nlohmann's parser without an exception.
class Validator final : public nlohmann::json_sax<Json> {
 public:
  Validator(const JsonLimits& limits, const std::string& rule_prefix, uint64_t base_offset)
      : limits_(limits), prefix_(rule_prefix), base_(base_offset) {}

  const std::optional<Error>& error() const { return error_; }

  bool null() override { return count_value(); }
  bool boolean(bool /*value*/) override { return count_value(); }
  bool number_integer(number_integer_t /*value*/) override { return count_value(); }
  bool number_unsigned(number_unsigned_t /*value*/) override { return count_value(); }
  bool number_float(number_float_t /*value*/, const string_t& /*text*/) override {
    return count_value();
  }
  bool string(string_t& /*value*/) override { return count_value(); }
  bool binary(binary_t& /*value*/) override { return count_value(); }

  bool start_object(std::size_t /*elements*/) override { return open(/*is_object=*/true); }
  bool start_array(std::size_t /*elements*/) override { return open(/*is_object=*/false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    if (!limits_.reject_duplicate_keys) return true;
    if (keys_.back().insert(name).second) return true;
    return fail(Error::corrupt(
        "", std::nullopt, prefix_ + ".duplicate-key",
        fmt::format("expected each key once per object, found {} twice", quote_untrusted(name))));
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) override {
    return fail(Error::corrupt("", base_ + position, prefix_ + ".json-syntax",
                               "expected valid JSON: " + clip(ex.what())));
  }

 private:
  bool count_value() {
    if (++values_ <= limits_.max_values) return true;
    return fail(Error::limit("", std::nullopt, prefix_ + ".json-too-many-values",
                             fmt::format("expected at most {} JSON values", limits_.max_values)));
  }

  bool open(bool is_object) {
    if (!count_value()) return false;
    if (is_object_.size() >= limits_.max_depth) {
      return fail(Error::limit(
          "", std::nullopt, prefix_ + ".json-too-deep",
          fmt::format("expected nesting of at most {} levels, found deeper", limits_.max_depth)));
    }
    is_object_.push_back(is_object);
    if (is_object && limits_.reject_duplicate_keys) keys_.emplace_back();
    return true;
  }

  bool close() {
    if (is_object_.back() && limits_.reject_duplicate_keys) keys_.pop_back();
    is_object_.pop_back();
    return true;
  }

  bool fail(Error error) {
    if (!error_) error_ = std::move(error);
    return false;
  }

  const JsonLimits& limits_;
  const std::string& prefix_;
  uint64_t base_;
  size_t values_ = 0;
  std::vector<bool> is_object_;
  std::vector<std::unordered_set<std::string>> keys_;
  std::optional<Error> error_;
};

}  // namespace

Expected<Json> parse_untrusted_json(std::string_view text, const JsonLimits& limits,
                                    const std::string& rule_prefix, uint64_t base_offset) {
  Validator validator(limits, rule_prefix, base_offset);
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  try {
    if (!Json::sax_parse(begin, end, &validator)) {
      if (validator.error()) return *validator.error();
      return Error::corrupt("", base_offset, rule_prefix + ".json-syntax", "expected valid JSON");
    }
    Json document = Json::parse(begin, end, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
      return Error::corrupt("", base_offset, rule_prefix + ".json-syntax", "expected valid JSON");
    }
    return document;
  } catch (const nlohmann::json::exception& ex) {
    return Error::corrupt("", base_offset, rule_prefix + ".json-syntax",
                          "expected valid JSON: " + clip(ex.what()));
  }
}

std::string json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_integer: return "negative integer";
    case Json::value_t::number_unsigned: return "unsigned integer";
    case Json::value_t::number_float: return "floating-point number";
    case Json::value_t::binary: return "binary";
    case Json::value_t::discarded: return "discarded value";
  }
  return "unknown";
}

}  // namespace owl
