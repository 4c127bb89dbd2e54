// Builds GGUF files byte by byte for tests. It writes exactly what it is
// told, including nonsense (wrong counts, bad types, misaligned offsets), so
// each malformed case is one line in a test. Format constants come from the
// reader's own src/read/gguf_format.h. Not thread-safe; a value type.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "builders/bytes_of.h"
#include "owl/gguf.h"
#include "read/gguf_format.h"

namespace owl::testing {

class GgufBuilder {
 public:
  // Encoders for the pieces of a file, usable on their own for raw values.
  template <class T>
  static std::string le(T value) {
    std::string out(sizeof(T), '\0');
    std::memcpy(out.data(), &value, sizeof(T));  // tests run on little-endian hosts
    return out;
  }
  static std::string u32(uint32_t value) { return le(value); }
  static std::string u64(uint64_t value) { return le(value); }
  static std::string str(std::string_view text) { return u64(text.size()) + std::string(text); }
  static std::string type(GgufType value) { return u32(static_cast<uint32_t>(value)); }
  // An array value: element type, count, then the already-encoded elements.
  static std::string array(GgufType element_type, uint64_t count, const std::string& elements) {
    return type(element_type) + u64(count) + elements;
  }
  static std::string string_array(const std::vector<std::string>& items) {
    std::string elements;
    for (const auto& item : items) elements += str(item);
    return array(GgufType::kString, items.size(), elements);
  }

  explicit GgufBuilder(uint32_t version = gguf_format::kNewestVersion) : version_(version) {}

  // A key with its type and the value bytes exactly as given.
  GgufBuilder& kv(std::string_view key, GgufType value_type, const std::string& value) {
    kvs_ += str(key) + type(value_type) + value;
    ++kv_count_;
    return *this;
  }
  GgufBuilder& kv_string(std::string_view key, std::string_view value) {
    return kv(key, GgufType::kString, str(value));
  }
  GgufBuilder& kv_u32(std::string_view key, uint32_t value) {
    return kv(key, GgufType::kUint32, u32(value));
  }
  GgufBuilder& kv_strings(std::string_view key, const std::vector<std::string>& items) {
    return kv(key, GgufType::kArray, string_array(items));
  }

  GgufBuilder& tensor(std::string_view name, const std::vector<uint64_t>& dims, uint32_t ggml_type,
                      uint64_t offset) {
    infos_ += str(name) + u32(static_cast<uint32_t>(dims.size()));
    for (uint64_t dim : dims) infos_ += u64(dim);
    infos_ += u32(ggml_type) + u64(offset);
    ++tensor_count_;
    return *this;
  }

  // Padding before the data section follows this, not the file's key.
  GgufBuilder& alignment(uint64_t value) {
    alignment_ = value;
    return *this;
  }
  GgufBuilder& data(uint64_t size) {
    data_size_ = size;
    return *this;
  }
  // Claimed counts that differ from what was added.
  GgufBuilder& claim_kv_count(uint64_t count) {
    claimed_kv_count_ = count;
    return *this;
  }
  GgufBuilder& claim_tensor_count(uint64_t count) {
    claimed_tensor_count_ = count;
    return *this;
  }

  std::string build() const {
    std::string out(gguf_format::kMagic);
    out += u32(version_);
    out += u64(claimed_tensor_count_.value_or(tensor_count_));
    out += u64(claimed_kv_count_.value_or(kv_count_));
    out += kvs_ + infos_;
    if (tensor_count_ > 0 || data_size_ > 0) {
      out.append((alignment_ - out.size() % alignment_) % alignment_, '\0');
      out.append(data_size_, '\0');
    }
    return out;
  }

 private:
  uint32_t version_;
  std::string kvs_, infos_;
  uint64_t kv_count_ = 0, tensor_count_ = 0;
  std::optional<uint64_t> claimed_kv_count_, claimed_tensor_count_;
  uint64_t alignment_ = gguf_format::kDefaultAlignment;
  uint64_t data_size_ = 0;
};

}  // namespace owl::testing
