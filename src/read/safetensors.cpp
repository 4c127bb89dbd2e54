// safetensors header reader. The checks follow the reference Rust parser
// (huggingface/safetensors, tensor.rs: read_metadata + Metadata::validate),
// with two deliberate differences: duplicate tensor names are an error (serde
// would silently keep one), and unknown fields in a tensor entry are a
// warning (serde ignores them, so the file loads, but they can hide data).
#include "owl/safetensors.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "read/bounded_warnings.h"
#include "read/printable.h"
#include "read/untrusted_json.h"

namespace owl {

namespace {

using Json = nlohmann::ordered_json;

constexpr uint64_t kLengthPrefixBytes = 8;
constexpr const char* kMetadataKey = "__metadata__";

struct DtypeWidth {
  const char* name;
  uint64_t bits;
};

// Every dtype the reference parser knows (safetensors 0.6: sub-byte MX types
// and C64; later releases add the FNUZ fp8 variants).
constexpr DtypeWidth kDtypes[] = {
    {"BOOL", 8},        {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
    {"I8", 8},          {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8},
    {"F8_E5M2FNUZ", 8}, {"I16", 16},    {"U16", 16},    {"F16", 16},    {"BF16", 16},
    {"I32", 32},        {"U32", 32},    {"F32", 32},    {"C64", 64},    {"F64", 64},
    {"I64", 64},        {"U64", 64},
};

std::optional<uint64_t> dtype_bits(std::string_view name) {
  for (const auto& dtype : kDtypes) {
    if (name == dtype.name) return dtype.bits;
  }
  return std::nullopt;
}

Error corrupt(uint64_t offset, const std::string& rule, std::string detail) {
  return Error::corrupt("", offset, rule, std::move(detail));
}

Error tensor_error(const std::string& rule, const std::string& tensor, std::string detail) {
  return Error::corrupt("", std::nullopt, rule,
                        fmt::format("tensor {}: {}", quote_untrusted(tensor), std::move(detail)));
}

Expected<std::map<std::string, std::string>> read_metadata(const Json& value) {
  std::map<std::string, std::string> metadata;
  // serde reads the field as Option<HashMap<..>>, so null means "absent".
  if (value.is_null()) return metadata;
  if (!value.is_object()) {
    return Error::corrupt(
        "", std::nullopt, "safetensors.metadata-not-object",
        "expected __metadata__ to be an object of strings, found " + json_type_name(value));
  }
  for (const auto& [key, entry] : value.items()) {
    if (!entry.is_string()) {
      return Error::corrupt("", std::nullopt, "safetensors.metadata-not-string",
                            fmt::format("expected __metadata__[{}] to be a string, found {}",
                                        quote_untrusted(key), json_type_name(entry)));
    }
    metadata[key] = entry.get<std::string>();
  }
  return metadata;
}

Expected<std::vector<uint64_t>> read_unsigned_array(const Json& value, const std::string& rule,
                                                    const std::string& tensor, const char* field) {
  if (!value.is_array()) {
    return tensor_error(rule, tensor,
                        fmt::format("expected {} to be an array of non-negative integers, found {}",
                                    field, json_type_name(value)));
  }
  std::vector<uint64_t> numbers;
  numbers.reserve(value.size());
  for (const auto& item : value) {
    if (!item.is_number_unsigned()) {
      return tensor_error(rule, tensor,
                          fmt::format("expected {} to hold non-negative integers, found {}", field,
                                      json_type_name(item)));
    }
    numbers.push_back(item.get<uint64_t>());
  }
  return numbers;
}

// One warning per tensor, and a bounded number in all, so a header with a
// million junk fields cannot turn into a million messages.
void warn_extra_fields(const std::string& name, const Json& entry,
                       std::vector<std::string>& warnings) {
  size_t extra = 0;
  std::string first;
  for (const auto& [key, unused] : entry.items()) {
    if (key == "dtype" || key == "shape" || key == "data_offsets") continue;
    if (extra++ == 0) first = key;
  }
  if (extra == 0) return;
  add_bounded_warning(warnings,
                      fmt::format("safetensors.tensor-extra-field: tensor {} has {} field(s) "
                                  "beyond dtype, shape and data_offsets, first {} (loaders "
                                  "ignore them)",
                                  quote_untrusted(name), extra, quote_untrusted(first)),
                      "safetensors");
}

// Fills dtype, shape and offsets, or says which field is missing or wrong.
Status read_tensor_fields(const std::string& name, const Json& entry, SafetensorsTensor& tensor,
                          std::vector<std::string>& warnings) {
  if (!entry.is_object()) {
    return tensor_error(
        "safetensors.tensor-not-object", name,
        "expected an object with dtype, shape and data_offsets, found " + json_type_name(entry));
  }
  for (const char* field : {"dtype", "shape", "data_offsets"}) {
    if (!entry.contains(field)) {
      return tensor_error("safetensors.tensor-missing-field", name,
                          fmt::format("expected a \"{}\" field, found none", field));
    }
  }
  warn_extra_fields(name, entry, warnings);
  const Json& dtype = entry["dtype"];
  if (!dtype.is_string()) {
    return tensor_error("safetensors.unknown-dtype", name,
                        "expected dtype to be a string, found " + json_type_name(dtype));
  }
  tensor.dtype = dtype.get<std::string>();
  if (!dtype_bits(tensor.dtype)) {
    return tensor_error("safetensors.unknown-dtype", name,
                        fmt::format("expected a safetensors dtype (F32, BF16, ...), found {}",
                                    quote_untrusted(tensor.dtype)));
  }
  auto shape = read_unsigned_array(entry["shape"], "safetensors.bad-shape", name, "shape");
  if (!shape) return shape.error();
  tensor.shape = std::move(*shape);
  auto offsets = read_unsigned_array(entry["data_offsets"], "safetensors.bad-data-offsets", name,
                                     "data_offsets");
  if (!offsets) return offsets.error();
  if (offsets->size() != 2 || (*offsets)[0] > (*offsets)[1]) {
    return tensor_error("safetensors.bad-data-offsets", name,
                        "expected data_offsets to be [begin, end] with begin <= end");
  }
  tensor.begin = (*offsets)[0];
  tensor.end = (*offsets)[1];
  return Ok{};
}

// Element count, then byte size from the dtype width; the reference folds
// the shape with checked_mul, so an overflow is an error even if a later
// dimension is 0.
Expected<uint64_t> checked_element_count(const SafetensorsTensor& tensor) {
  uint64_t elements = 1;
  for (uint64_t dim : tensor.shape) {
    if (!checked_mul(elements, dim, elements)) {
      return tensor_error("safetensors.shape-overflow", tensor.name,
                          "expected the product of the shape to fit in 64 bits");
    }
  }
  return elements;
}

Status check_byte_size(const SafetensorsTensor& tensor, uint64_t elements) {
  uint64_t bits = 0;
  if (!checked_mul(elements, *dtype_bits(tensor.dtype), bits)) {
    return tensor_error("safetensors.shape-overflow", tensor.name,
                        "expected elements * dtype bits to fit in 64 bits");
  }
  if (bits % 8 != 0) {
    return tensor_error("safetensors.sub-byte-misaligned", tensor.name,
                        fmt::format("expected {} elements of {} to fill whole bytes, found {} bits",
                                    elements, tensor.dtype, bits));
  }
  if (tensor.end - tensor.begin != bits / 8) {
    return tensor_error(
        "safetensors.size-mismatch", tensor.name,
        fmt::format("expected {} bytes for {} x {}, found data_offsets [{}, {}] ({} bytes)",
                    bits / 8, elements, tensor.dtype, tensor.begin, tensor.end,
                    tensor.end - tensor.begin));
  }
  return Ok{};
}

// Sorted by (begin, end), the tensors must cover [0, data_size) exactly.
Status check_tiling(const std::vector<SafetensorsTensor>& tensors, uint64_t data_size) {
  std::vector<size_t> order(tensors.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(tensors[a].begin, tensors[a].end) <
           std::pair(tensors[b].begin, tensors[b].end);
  });
  uint64_t covered = 0;
  for (size_t index : order) {
    const SafetensorsTensor& tensor = tensors[index];
    if (tensor.begin < covered) {
      return tensor_error("safetensors.overlap", tensor.name,
                          fmt::format("expected data to start at byte {} of the buffer, found {} "
                                      "(overlaps the previous tensor)",
                                      covered, tensor.begin));
    }
    if (tensor.begin > covered) {
      return tensor_error("safetensors.hole", tensor.name,
                          fmt::format("expected data to start at byte {} of the buffer, found {} "
                                      "({} unaccounted bytes before it)",
                                      covered, tensor.begin, tensor.begin - covered));
    }
    covered = tensor.end;
  }
  if (covered != data_size) {
    return Error::corrupt("", std::nullopt, "safetensors.trailing-bytes",
                          fmt::format("expected the tensors to end the file, found {} bytes after "
                                      "the last tensor",
                                      data_size - covered));
  }
  return Ok{};
}

Status read_tensor(const std::string& name, const Json& entry, uint64_t data_size,
                   SafetensorsFile& file) {
  SafetensorsTensor tensor;
  tensor.name = name;
  if (auto fields = read_tensor_fields(name, entry, tensor, file.warnings); !fields) {
    return fields.error();
  }
  auto elements = checked_element_count(tensor);
  if (!elements) return elements.error();
  if (auto size = check_byte_size(tensor, *elements); !size) return size.error();
  if (tensor.end > data_size) {
    return tensor_error("safetensors.offset-past-eof", name,
                        fmt::format("expected data to end within the {}-byte buffer, found end {}",
                                    data_size, tensor.end));
  }
  file.tensors.push_back(std::move(tensor));
  return Ok{};
}

// Runs after the tiling check, so each tensor owns a disjoint slice of the
// file and the sums are bounded by twice the file size (F4 packs 2 per byte);
// they stay checked anyway, as the cost is nil.
Status count_parameters(SafetensorsFile& file) {
  for (const SafetensorsTensor& tensor : file.tensors) {
    auto elements = checked_element_count(tensor);
    if (!elements) return elements.error();
    uint64_t& per_dtype = file.dtype_parameters[tensor.dtype];
    if (!checked_add(file.parameter_count, *elements, file.parameter_count) ||
        !checked_add(per_dtype, *elements, per_dtype)) {
      return Error::limit("", std::nullopt, "safetensors.parameter-overflow",
                          "expected the parameter count to fit in 64 bits");
    }
  }
  return Ok{};
}

}  // namespace

Expected<uint64_t> read_safetensors_header_length(Bytes start, uint64_t file_size) {
  ByteCursor cursor(start.first(static_cast<size_t>(std::min<uint64_t>(start.size(), file_size))));
  uint64_t length = 0;
  if (!cursor.read_u64(length)) {
    return corrupt(
        0, "safetensors.too-small",
        fmt::format("expected an 8-byte header length, found a {}-byte file", file_size));
  }
  if (length > kSafetensorsMaxHeader) {
    return Error::limit("", 0, "safetensors.header-too-large",
                        fmt::format("expected a header of at most {} bytes, found {}",
                                    kSafetensorsMaxHeader, length));
  }
  const uint64_t rest = file_size - kLengthPrefixBytes;
  if (length > rest) {
    return corrupt(0, "safetensors.header-past-eof",
                   fmt::format("expected a header of at most {} bytes (the rest of the file), "
                               "found {}",
                               rest, length));
  }
  return length;
}

Expected<SafetensorsFile> read_safetensors(Bytes bytes) {
  return read_safetensors(bytes, bytes.size());
}

Expected<SafetensorsFile> read_safetensors(Bytes start, uint64_t file_size) {
  auto length = read_safetensors_header_length(start, file_size);
  if (!length) return length.error();
  if (start.size() < kLengthPrefixBytes + *length)
    return Error::usage(
        fmt::format("read_safetensors was handed {} bytes of a header that ends at "
                    "byte {}",
                    start.size(), kLengthPrefixBytes + *length));
  SafetensorsFile file;
  file.header_length = *length;
  file.data_size = file_size - kLengthPrefixBytes - *length;

  const std::string_view text(reinterpret_cast<const char*>(start.data()) + kLengthPrefixBytes,
                              *length);
  JsonLimits limits;
  limits.reject_duplicate_keys = true;
  auto header = parse_untrusted_json(text, limits, "safetensors", kLengthPrefixBytes);
  if (!header) return header.error();
  if (!header->is_object()) {
    return corrupt(kLengthPrefixBytes, "safetensors.header-not-object",
                   "expected the header to be a JSON object, found " + json_type_name(*header));
  }
  for (const auto& [name, entry] : header->items()) {
    if (name == kMetadataKey) {
      auto metadata = read_metadata(entry);
      if (!metadata) return metadata.error();
      file.metadata = std::move(*metadata);
      continue;
    }
    if (auto tensor = read_tensor(name, entry, file.data_size, file); !tensor) {
      return tensor.error();
    }
  }
  if (auto tiling = check_tiling(file.tensors, file.data_size); !tiling) return tiling.error();
  if (auto counted = count_parameters(file); !counted) return counted.error();
  return file;
}

}  // namespace owl
