// owl::Error and owl::Expected: errors are values at every module edge.
//
// A reader that meets bad bytes returns an Error naming the file, the byte
// offset (when there is one), the rule the input broke and what was expected
// versus found. Callers decide what to do with it; the library never prints
// and never exits. Both types are plain values and safe to copy between
// threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace owl {

enum class ErrorKind {
  kIo,           // the file could not be opened, mapped or read
  kUsage,        // the caller asked for something that makes no sense
  kUnsupported,  // well-formed, but a version or feature owl does not read
  kCorrupt,      // the bytes break a rule of their format
  kLimit,        // the input asks for more than owl's hard caps allow
};

const char* to_string(ErrorKind kind);

class Error {
 public:
  Error() = default;

  static Error io(std::string file, std::string detail);  // rule "io"
  static Error io(std::string file, std::string rule, std::string detail);
  static Error usage(std::string detail);
  static Error unsupported(std::string file, std::string rule, std::string detail);
  static Error corrupt(std::string file, std::optional<uint64_t> offset, std::string rule,
                       std::string detail);
  static Error limit(std::string file, std::optional<uint64_t> offset, std::string rule,
                     std::string detail);

  ErrorKind kind() const { return kind_; }
  const std::string& file() const { return file_; }
  const std::optional<uint64_t>& offset() const { return offset_; }
  // A short stable id such as "gguf.alignment-not-power-of-two"; tests and
  // JSON consumers key on it, people read detail().
  const std::string& rule() const { return rule_; }
  const std::string& detail() const { return detail_; }

  // One line: "FILE: byte N: RULE: DETAIL".
  std::string message() const;

  // Returns a copy that names `file`; readers of in-memory buffers leave the
  // file empty and the caller who knows the path fills it in.
  Error in_file(std::string file) const;

 private:
  Error(ErrorKind kind, std::string file, std::optional<uint64_t> offset, std::string rule,
        std::string detail)
      : kind_(kind),
        file_(std::move(file)),
        offset_(offset),
        rule_(std::move(rule)),
        detail_(std::move(detail)) {}

  ErrorKind kind_ = ErrorKind::kIo;
  std::string file_;
  std::optional<uint64_t> offset_;
  std::string rule_;
  std::string detail_;
};

// A minimal stand-in for C++23 std::expected<T, Error>. Kept deliberately
// small: construction from either side, checks, and accessors.
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that succeed with nothing to return.
struct Ok {};
using Status = Expected<Ok>;

}  // namespace owl
