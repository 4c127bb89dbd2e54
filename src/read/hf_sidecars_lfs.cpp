// Git LFS pointer files (git-lfs docs/spec.md): under 1024 bytes,
//   version https://git-lfs.github.com/spec/v1
//   [ext-N-name sha256:... lines, sorted]
//   oid sha256:<64 lowercase hex>
//   size <decimal bytes>
// one `key value` per line, keys sorted with version first. Like git-lfs we
// accept CRLF line ends and blank lines; anything else out of place after a
// "version " opening is an Error, since a file that looks like a pointer but
// is not one hides what the repository really ships.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <vector>

#include "owl/model_card.h"
#include "read/printable.h"

namespace owl {

namespace {

constexpr size_t kPointerSizeLimit = 1024;
constexpr std::string_view kVersionPrefix = "version ";
constexpr std::string_view kSpecV1 = "https://git-lfs.github.com/spec/v1";
constexpr std::string_view kPreReleaseSpec = "https://hawser.github.com/spec/v1";

Error pointer_error(const std::string& rule, std::string detail) {
  return Error::corrupt("", std::nullopt, rule, std::move(detail));
}

struct KeyValue {
  std::string_view key, value;
};

std::vector<std::string_view> non_empty_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t stop = text.find('\n', pos);
    if (stop == std::string_view::npos) stop = text.size();
    std::string_view line = text.substr(pos, stop - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    pos = stop + 1;
  }
  return lines;
}

bool is_extension_key(std::string_view key) {
  // ext-<digit>-<name>
  return key.size() > 6 && key.substr(0, 4) == "ext-" &&
         std::isdigit(static_cast<unsigned char>(key[4])) && key[5] == '-';
}

bool is_lower_hex(std::string_view text) {
  for (char c : text) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Expected<std::string> read_oid(std::string_view value) {
  constexpr std::string_view kSha256 = "sha256:";
  if (value.substr(0, kSha256.size()) != kSha256 || value.size() != kSha256.size() + 64 ||
      !is_lower_hex(value.substr(kSha256.size()))) {
    return pointer_error("lfs.bad-oid",
                         fmt::format("expected oid sha256:<64 lowercase hex digits>, found {}",
                                     quote_untrusted(value)));
  }
  return std::string(value.substr(kSha256.size()));
}

Expected<uint64_t> read_size(std::string_view value) {
  uint64_t size = 0;
  const char* end = value.data() + value.size();
  auto [stop, error] = std::from_chars(value.data(), end, size);
  // git-lfs parses the size as a signed 64-bit integer.
  if (value.empty() || error != std::errc() || stop != end || size > INT64_MAX) {
    return pointer_error(
        "lfs.bad-size",
        fmt::format("expected size to be a decimal byte count, found {}", quote_untrusted(value)));
  }
  return size;
}

Expected<std::vector<KeyValue>> split_pairs(const std::vector<std::string_view>& lines) {
  std::vector<KeyValue> pairs;
  for (std::string_view line : lines) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0) {
      return pointer_error(
          "lfs.malformed-line",
          fmt::format("expected a `key value` line, found {}", quote_untrusted(line)));
    }
    pairs.push_back({line.substr(0, space), line.substr(space + 1)});
  }
  return pairs;
}

// version, then ext-* keys (sorted), then oid, then size, and nothing else.
Status check_key_order(const std::vector<KeyValue>& pairs) {
  size_t index = 1;
  while (index < pairs.size() && is_extension_key(pairs[index].key)) {
    if (pairs[index].key <= pairs[index - 1].key && index > 1) {
      return pointer_error("lfs.key-order", "expected ext-* keys in sorted order");
    }
    ++index;
  }
  const char* expected[] = {"oid", "size"};
  for (const char* key : expected) {
    if (index >= pairs.size() || pairs[index].key != key) {
      return pointer_error(
          "lfs.key-order",
          fmt::format("expected key \"{}\" next, found {}", key,
                      index < pairs.size() ? quote_untrusted(pairs[index].key)
                                           : std::string("the end of the pointer")));
    }
    ++index;
  }
  if (index != pairs.size()) {
    return pointer_error("lfs.key-order", fmt::format("expected nothing after size, found key {}",
                                                      quote_untrusted(pairs[index].key)));
  }
  return Ok{};
}

}  // namespace

Expected<std::optional<LfsPointer>> read_lfs_pointer(std::string_view text) {
  if (text.size() >= kPointerSizeLimit || text.substr(0, kVersionPrefix.size()) != kVersionPrefix) {
    return std::optional<LfsPointer>();
  }
  auto pairs = split_pairs(non_empty_lines(text));
  if (!pairs) return pairs.error();
  const std::string_view version = pairs->front().value;
  if (version != kSpecV1 && version != kPreReleaseSpec) {
    return Error::unsupported(
        "", "lfs.unknown-version",
        fmt::format("expected version {}, found {}", kSpecV1, quote_untrusted(version)));
  }
  if (auto order = check_key_order(*pairs); !order) return order.error();
  const size_t oid_index = pairs->size() - 2;
  auto oid = read_oid((*pairs)[oid_index].value);
  if (!oid) return oid.error();
  auto size = read_size((*pairs)[oid_index + 1].value);
  if (!size) return size.error();
  return std::optional<LfsPointer>(LfsPointer{std::move(*oid), *size});
}

}  // namespace owl
