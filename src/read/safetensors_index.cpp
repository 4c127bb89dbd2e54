// model.safetensors.index.json: {"metadata": {"total_size": N, ...},
// "weight_map": {tensor: shard file}}. transformers writes total_size as a
// number; some tools write it as a string, so a string of digits is accepted.
// Duplicate keys are not an error here: Python's json (which transformers
// uses) keeps the last one, and so do we.
#include <fmt/format.h>

#include <charconv>
#include <set>

#include "owl/safetensors.h"
#include "read/printable.h"
#include "read/untrusted_json.h"

namespace owl {

namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxIndexBytes = 64u << 20;

Error index_error(const std::string& rule, std::string detail) {
  return Error::corrupt("", std::nullopt, rule, std::move(detail));
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

Expected<uint64_t> read_total_size(const Json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_string()) {
    if (auto number = parse_decimal(value.get_ref<const std::string&>())) return *number;
  }
  return index_error("safetensors-index.bad-total-size",
                     "expected metadata.total_size to be a non-negative integer or a string of "
                     "digits, found " +
                         (value.is_string() ? quote_untrusted(value.get_ref<const std::string&>())
                                            : json_type_name(value)));
}

std::string metadata_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

Status read_metadata(const Json& metadata, SafetensorsIndex& index) {
  if (metadata.is_null()) return Ok{};
  if (!metadata.is_object()) {
    return index_error("safetensors-index.metadata-not-object",
                       "expected metadata to be an object, found " + json_type_name(metadata));
  }
  for (const auto& [key, value] : metadata.items()) {
    if (key != "total_size") {
      index.metadata[key] = metadata_text(value);
      continue;
    }
    auto total = read_total_size(value);
    if (!total) return total.error();
    index.total_size = *total;
  }
  return Ok{};
}

// A loader joins the shard name to the repository folder, so a name that
// climbs out of it (or is absolute) would read an unrelated file.
bool is_contained_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.front() == '\\') return false;
  if (path.size() >= 2 && path[1] == ':') return false;  // C:... on Windows
  if (path.find('\0') != std::string_view::npos) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t stop = path.find_first_of("/\\", start);
    if (stop == std::string_view::npos) stop = path.size();
    if (path.substr(start, stop - start) == "..") return false;
    start = stop + 1;
  }
  return true;
}

Status read_weight_map(const Json& weight_map, SafetensorsIndex& index) {
  if (!weight_map.is_object()) {
    return index_error("safetensors-index.weight-map-not-object",
                       "expected weight_map to be an object of tensor -> shard file, found " +
                           json_type_name(weight_map));
  }
  std::set<std::string> shards;
  for (const auto& [tensor, shard] : weight_map.items()) {
    if (!shard.is_string()) {
      return index_error("safetensors-index.shard-not-string",
                         fmt::format("expected weight_map[{}] to be a file name, found {}",
                                     quote_untrusted(tensor), json_type_name(shard)));
    }
    const std::string& file = shard.get_ref<const std::string&>();
    if (!is_contained_relative_path(file)) {
      return index_error("safetensors-index.shard-path-escapes",
                         fmt::format("expected weight_map[{}] to be a relative path inside "
                                     "the repository, found {}",
                                     quote_untrusted(tensor), quote_untrusted(file)));
    }
    index.weight_map[tensor] = file;
    shards.insert(file);
  }
  index.shards.assign(shards.begin(), shards.end());
  return Ok{};
}

}  // namespace

Expected<SafetensorsIndex> read_safetensors_index(std::string_view json_text) {
  if (json_text.size() > kMaxIndexBytes) {
    return Error::limit("", std::nullopt, "safetensors-index.too-large",
                        fmt::format("expected an index of at most {} bytes, found {}",
                                    kMaxIndexBytes, json_text.size()));
  }
  auto document = parse_untrusted_json(json_text, JsonLimits{}, "safetensors-index");
  if (!document) return document.error();
  if (!document->is_object()) {
    return index_error("safetensors-index.not-object",
                       "expected a JSON object, found " + json_type_name(*document));
  }
  SafetensorsIndex index;
  if (auto metadata = document->find("metadata"); metadata != document->end()) {
    if (auto status = read_metadata(*metadata, index); !status) return status.error();
  }
  auto weight_map = document->find("weight_map");
  if (weight_map == document->end()) {
    return index_error("safetensors-index.missing-weight-map",
                       "expected a \"weight_map\" object, found none");
  }
  if (auto status = read_weight_map(*weight_map, index); !status) return status.error();
  return index;
}

}  // namespace owl
