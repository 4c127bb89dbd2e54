// The tensor-info half of the GGUF reader: shapes, ggml types, byte sizes,
// offsets, and the checks that every tensor lies inside the file and no two
// overlap. Internal to the GGUF reader.
#pragma once

#include <cstdint>
#include <vector>

#include "owl/bytes.h"
#include "owl/error.h"
#include "owl/gguf.h"
#include "read/gguf_values.h"

namespace owl::gguf_detail {

// Reads `count` tensor infos into file.tensors (alignment must be known).
// `info_offsets` receives where each info starts, for later error messages.
Status read_tensor_infos(GgufCursor& cursor, uint64_t count, GgufFile& file,
                         std::vector<uint64_t>& info_offsets);

// Once file.data_offset is known: every tensor inside `file_size`, none
// overlapping; then parameter_count and tensor_types are filled in.
Status check_tensor_data(GgufFile& file, const std::vector<uint64_t>& info_offsets,
                         uint64_t file_size);

}  // namespace owl::gguf_detail
