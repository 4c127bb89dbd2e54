// The GGUF value types and ggml's tensor type table (names as gguf-py spells
// them; block and type sizes as ggml's type_traits define them).
#include <array>

#include "owl/gguf.h"
#include "read/gguf_format.h"

namespace owl {

namespace gguf_format {
namespace {

constexpr uint32_t kSuperBlock = 256;  // QK_K

constexpr std::array<GgmlTypeTraits, kGgmlTypeCount> kGgmlTypes = {{
    {"F32", 1, 4},
    {"F16", 1, 2},
    {"Q4_0", 32, 18},
    {"Q4_1", 32, 20},
    {"Q4_2", 0, 0},  // retired
    {"Q4_3", 0, 0},  // retired
    {"Q5_0", 32, 22},
    {"Q5_1", 32, 24},
    {"Q8_0", 32, 34},
    {"Q8_1", 32, 36},
    {"Q2_K", kSuperBlock, 84},
    {"Q3_K", kSuperBlock, 110},
    {"Q4_K", kSuperBlock, 144},
    {"Q5_K", kSuperBlock, 176},
    {"Q6_K", kSuperBlock, 210},
    {"Q8_K", kSuperBlock, 292},
    {"IQ2_XXS", kSuperBlock, 66},
    {"IQ2_XS", kSuperBlock, 74},
    {"IQ3_XXS", kSuperBlock, 98},
    {"IQ1_S", kSuperBlock, 50},
    {"IQ4_NL", 32, 18},
    {"IQ3_S", kSuperBlock, 110},
    {"IQ2_S", kSuperBlock, 82},
    {"IQ4_XS", kSuperBlock, 136},
    {"I8", 1, 1},
    {"I16", 1, 2},
    {"I32", 1, 4},
    {"I64", 1, 8},
    {"F64", 1, 8},
    {"IQ1_M", kSuperBlock, 56},
    {"BF16", 1, 2},
    {"Q4_0_4_4", 0, 0},  // retired: Q4_0 with runtime repacking replaced it
    {"Q4_0_4_8", 0, 0},  // retired
    {"Q4_0_8_8", 0, 0},  // retired
    {"TQ1_0", kSuperBlock, 54},
    {"TQ2_0", kSuperBlock, 66},
    {"IQ4_NL_4_4", 0, 0},  // retired: IQ4_NL with runtime repacking replaced it
    {"IQ4_NL_4_8", 0, 0},  // retired
    {"IQ4_NL_8_8", 0, 0},  // retired
    {"MXFP4", 32, 17},
}};

}  // namespace

const GgmlTypeTraits* ggml_type_traits(uint32_t ggml_type) {
  return ggml_type < kGgmlTypes.size() ? &kGgmlTypes[ggml_type] : nullptr;
}

}  // namespace gguf_format

const char* ggml_type_name(uint32_t ggml_type) {
  const auto* traits = gguf_format::ggml_type_traits(ggml_type);
  return traits != nullptr ? traits->name : "unknown";
}

const char* to_string(GgufType type) {
  switch (type) {
    case GgufType::kUint8: return "u8";
    case GgufType::kInt8: return "i8";
    case GgufType::kUint16: return "u16";
    case GgufType::kInt16: return "i16";
    case GgufType::kUint32: return "u32";
    case GgufType::kInt32: return "i32";
    case GgufType::kFloat32: return "f32";
    case GgufType::kBool: return "bool";
    case GgufType::kString: return "string";
    case GgufType::kArray: return "array";
    case GgufType::kUint64: return "u64";
    case GgufType::kInt64: return "i64";
    case GgufType::kFloat64: return "f64";
  }
  return "unknown";
}

}  // namespace owl
