#include "read/gguf_tensors.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "read/gguf_format.h"
#include "read/gguf_values.h"

namespace owl::gguf_detail {

namespace {

using gguf_format::kMaxDims;
using gguf_format::kMaxTensorNameBytes;

// ggml keeps dimensions and element counts in int64_t.
constexpr uint64_t kMaxSigned = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

Expected<std::string_view> read_tensor_name(GgufCursor& cursor) {
  const uint64_t at = cursor.offset();
  auto name = read_string(cursor, "a tensor name");
  if (!name) return name.error();
  if (name->size() > kMaxTensorNameBytes) {
    return Error::corrupt("", at, "gguf.tensor-name-too-long",
                          fmt::format("expected a tensor name of at most {} bytes, found {} bytes",
                                      kMaxTensorNameBytes, name->size()));
  }
  return name;
}

// Reads n_dims and the dimensions; fills dims and n_elements.
Status read_shape(GgufCursor& cursor, GgufTensorInfo& tensor) {
  const uint64_t at = cursor.offset();
  uint32_t n_dims = 0;
  if (!cursor.read_u32(n_dims)) return truncated(cursor, "a tensor's dimension count", 4);
  if (n_dims > kMaxDims) {
    return Error::corrupt("", at, "gguf.tensor-too-many-dims",
                          fmt::format("tensor '{}': expected at most {} dimensions, found {}",
                                      tensor.name, kMaxDims, n_dims));
  }
  tensor.n_elements = 1;
  for (uint32_t j = 0; j < n_dims; ++j) {
    const uint64_t dim_at = cursor.offset();
    uint64_t dim = 0;
    if (!cursor.read_u64(dim)) return truncated(cursor, "a tensor dimension", 8);
    if (dim > kMaxSigned) {
      return Error::corrupt("", dim_at, "gguf.tensor-dim-negative",
                            fmt::format("tensor '{}': dimension {} is {} as ggml's signed "
                                        "int64, expected 0 or more",
                                        tensor.name, j, static_cast<int64_t>(dim)));
    }
    if (!checked_mul(tensor.n_elements, dim, tensor.n_elements) || tensor.n_elements > kMaxSigned) {
      return Error::corrupt("", dim_at, "gguf.tensor-element-count-overflow",
                            fmt::format("tensor '{}': the product of its dimensions exceeds "
                                        "2^63-1 elements",
                                        tensor.name));
    }
    tensor.dims.push_back(dim);
  }
  return Ok{};
}

// Reads the ggml type id and derives n_bytes from the shape.
Status read_type_and_size(GgufCursor& cursor, GgufTensorInfo& tensor) {
  const uint64_t at = cursor.offset();
  if (!cursor.read_u32(tensor.ggml_type)) return truncated(cursor, "a tensor's ggml type", 4);
  const auto* traits = gguf_format::ggml_type_traits(tensor.ggml_type);
  if (traits == nullptr) {
    return Error::unsupported(
        "", "gguf.unknown-tensor-type",
        fmt::format("tensor '{}' at byte {}: expected a ggml type id "
                    "below {}, found {}",
                    tensor.name, at, gguf_format::kGgmlTypeCount, tensor.ggml_type));
  }
  if (traits->block_size == 0) {
    return Error::unsupported("", "gguf.retired-tensor-type",
                              fmt::format("tensor '{}' at byte {}: ggml type {} ({}) was "
                                          "retired from ggml and has no defined size",
                                          tensor.name, at, tensor.ggml_type, traits->name));
  }
  const uint64_t row = tensor.dims.empty() ? 1 : tensor.dims[0];
  if (row % traits->block_size != 0) {
    return Error::corrupt("", at, "gguf.tensor-row-not-block-multiple",
                          fmt::format("tensor '{}' of type {}: expected a first dimension "
                                      "divisible by the block size {}, found {}",
                                      tensor.name, traits->name, traits->block_size, row));
  }
  const uint64_t blocks = tensor.n_elements / traits->block_size;
  if (!checked_mul(blocks, traits->type_size, tensor.n_bytes)) {
    return Error::corrupt("", at, "gguf.tensor-size-overflow",
                          fmt::format("tensor '{}': {} blocks of {} bytes overflow 64 bits",
                                      tensor.name, blocks, traits->type_size));
  }
  return Ok{};
}

Status read_data_offset(GgufCursor& cursor, uint64_t alignment, GgufTensorInfo& tensor) {
  const uint64_t at = cursor.offset();
  if (!cursor.read_u64(tensor.offset)) return truncated(cursor, "a tensor data offset", 8);
  if (tensor.offset % alignment != 0) {
    return Error::corrupt("", at, "gguf.tensor-offset-misaligned",
                          fmt::format("tensor '{}': expected a data offset that is a multiple "
                                      "of the alignment {}, found {}",
                                      tensor.name, alignment, tensor.offset));
  }
  return Ok{};
}

// Tensors sorted by offset; each one that holds bytes must start at or
// after the end of every earlier one.
Status check_no_overlap(const GgufFile& file, const std::vector<uint64_t>& info_offsets) {
  std::vector<size_t> order(file.tensors.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return file.tensors[a].offset < file.tensors[b].offset; });
  uint64_t furthest_end = 0;
  size_t furthest = 0;
  for (size_t index : order) {
    const auto& tensor = file.tensors[index];
    if (tensor.n_bytes == 0) continue;
    if (tensor.offset < furthest_end) {
      return Error::corrupt(
          "", info_offsets[index], "gguf.tensors-overlap",
          fmt::format("tensor '{}' starts at data offset {}, inside tensor "
                      "'{}' which ends at {}",
                      tensor.name, tensor.offset, file.tensors[furthest].name, furthest_end));
    }
    furthest_end = tensor.offset + tensor.n_bytes;  // no overflow: checked against the file
    furthest = index;
  }
  return Ok{};
}

}  // namespace

Status read_tensor_infos(GgufCursor& cursor, uint64_t count, GgufFile& file,
                         std::vector<uint64_t>& info_offsets) {
  std::unordered_map<std::string_view, uint64_t> seen;  // name -> where its info starts
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t at = cursor.offset();
    auto name = read_tensor_name(cursor);
    if (!name) return name.error();
    if (auto [first, inserted] = seen.emplace(*name, at); !inserted) {
      return Error::corrupt("", at, "gguf.duplicate-tensor-name",
                            fmt::format("expected unique tensor names, found '{}' again (first "
                                        "at byte {})",
                                        *name, first->second));
    }
    GgufTensorInfo tensor;
    tensor.name = std::string(*name);
    if (auto shape = read_shape(cursor, tensor); !shape) return shape.error();
    if (auto type = read_type_and_size(cursor, tensor); !type) return type.error();
    if (auto offset = read_data_offset(cursor, file.alignment, tensor); !offset) {
      return offset.error();
    }
    file.tensors.push_back(std::move(tensor));
    info_offsets.push_back(at);
    item_done(cursor);
  }
  return Ok{};
}

Status check_tensor_data(GgufFile& file, const std::vector<uint64_t>& info_offsets,
                         uint64_t file_size) {
  for (size_t i = 0; i < file.tensors.size(); ++i) {
    const auto& tensor = file.tensors[i];
    uint64_t start = 0;
    uint64_t end = 0;
    if (!checked_add(file.data_offset, tensor.offset, start) ||
        !checked_add(start, tensor.n_bytes, end) || end > file_size) {
      return Error::corrupt(
          "", info_offsets[i], "gguf.tensor-data-past-end",
          fmt::format("tensor '{}' needs {} bytes at data offset {} (data "
                      "section starts at byte {}), found a file of {} bytes",
                      tensor.name, tensor.n_bytes, tensor.offset, file.data_offset, file_size));
    }
  }
  if (auto disjoint = check_no_overlap(file, info_offsets); !disjoint) return disjoint.error();
  for (const auto& tensor : file.tensors) {
    if (!checked_add(file.parameter_count, tensor.n_elements, file.parameter_count)) {
      return Error::corrupt("", std::nullopt, "gguf.parameter-count-overflow",
                            "the tensors' element counts add up to more than 2^64-1");
    }
    ++file.tensor_types[ggml_type_name(tensor.ggml_type)];
  }
  return Ok{};
}

}  // namespace owl::gguf_detail
