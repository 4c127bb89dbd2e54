// ExecuTorch .pte: a hand-written, bounds-checked FlatBuffer walk over the
// fields owl needs (Program.version and .execution_plan; ExecutionPlan.name,
// .operators and .delegates; Operator.name and .overload; BackendDelegate.id).
// Field indexes follow schema/program.fbs of ExecuTorch.
#include "owl/executorch.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "read/pickle_internal.h"

namespace owl {

namespace {

constexpr uint32_t kMaxPlans = 256;
constexpr uint32_t kMaxOperators = 1u << 16;
constexpr uint32_t kMaxDelegates = 1u << 12;
constexpr uint32_t kMaxStringBytes = 4096;

// Operator namespaces the PyTorch / ExecuTorch kernel libraries provide.
bool builtin_namespace(std::string_view name) {
  const std::string_view space = name.substr(0, name.find("::"));
  return space == "aten" || space == "quantized_decomposed" || space == "dim_order_ops" ||
         space == "executorch_prim" || space == "prims";
}

class FlatBuffer {
 public:
  explicit FlatBuffer(Bytes bytes) : bytes_(bytes) {}

  std::optional<uint32_t> u32(uint64_t at) const {
    if (at > bytes_.size() || bytes_.size() - at < 4) return std::nullopt;
    uint32_t value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | bytes_[at + static_cast<uint64_t>(i)];
    return value;
  }

  std::optional<uint16_t> u16(uint64_t at) const {
    if (at > bytes_.size() || bytes_.size() - at < 2) return std::nullopt;
    return static_cast<uint16_t>(bytes_[at] | (bytes_[at + 1] << 8));
  }

  // Where field `index` of the table at `table` sits, or nullopt when the
  // field is absent; `bad` is set when the vtable lies outside the file.
  std::optional<uint64_t> field(uint64_t table, uint16_t index, bool& bad) const {
    const auto back = u32(table);
    if (!back) return fail(bad);
    const int64_t vtable = static_cast<int64_t>(table) - static_cast<int32_t>(*back);
    if (vtable < 0 || static_cast<uint64_t>(vtable) >= bytes_.size()) return fail(bad);
    const auto vtable_size = u16(static_cast<uint64_t>(vtable));
    if (!vtable_size) return fail(bad);
    const uint64_t slot = 4 + 2 * uint64_t{index};
    if (slot + 2 > *vtable_size) return std::nullopt;
    const auto offset = u16(static_cast<uint64_t>(vtable) + slot);
    if (!offset) return fail(bad);
    if (*offset == 0) return std::nullopt;
    return table + *offset;
  }

  // Follows the uoffset stored at `at` (to a table, vector or string).
  std::optional<uint64_t> follow(uint64_t at, bool& bad) const {
    const auto offset = u32(at);
    if (!offset || at + *offset >= bytes_.size()) return fail(bad);
    return at + *offset;
  }

  // The length of the vector at `at`, refused over `cap` or past the file.
  std::optional<uint32_t> vector_length(uint64_t at, uint32_t cap, uint32_t element_size,
                                        bool& bad) const {
    const auto length = u32(at);
    if (!length || *length > cap || (bytes_.size() - at - 4) / element_size < *length)
      return fail(bad);
    return length;
  }

  std::string string_at(uint64_t at, bool& bad) const {
    const auto length = u32(at);
    if (!length || bytes_.size() - at - 4 < *length) {
      bad = true;
      return {};
    }
    const uint32_t kept = std::min(*length, kMaxStringBytes);
    return {reinterpret_cast<const char*>(bytes_.data() + at + 4), kept};
  }

  // A string field of a table, empty when absent.
  std::string string_field(uint64_t table, uint16_t index, bool& bad) const {
    const auto slot = field(table, index, bad);
    if (!slot) return {};
    const auto target = follow(*slot, bad);
    return target ? string_at(*target, bad) : std::string();
  }

  // The tables of a vector-of-tables field.
  std::vector<uint64_t> tables(uint64_t table, uint16_t index, uint32_t cap, bool& bad) const {
    std::vector<uint64_t> out;
    const auto slot = field(table, index, bad);
    if (!slot) return out;
    const auto vector = follow(*slot, bad);
    if (!vector) return out;
    const auto length = vector_length(*vector, cap, 4, bad);
    if (!length) return out;
    for (uint32_t i = 0; i < *length; ++i)
      if (const auto element = follow(*vector + 4 + 4 * uint64_t{i}, bad)) out.push_back(*element);
    return out;
  }

 private:
  static std::optional<uint64_t> fail(bool& bad) {
    bad = true;
    return std::nullopt;
  }

  Bytes bytes_;
};

}  // namespace

bool looks_like_executorch(Bytes bytes) {
  return bytes.size() >= 8 && bytes[4] == 'E' && bytes[5] == 'T' && bytes[6] >= '0' &&
         bytes[6] <= '9' && bytes[7] >= '0' && bytes[7] <= '9';
}

Expected<ExecutorchProgram> read_executorch(Bytes bytes) {
  if (!looks_like_executorch(bytes))
    return Error::corrupt("", 4, "executorch.magic",
                          "not an ExecuTorch program: no identifier 'ET' + two digits at byte 4");
  ExecutorchProgram program;
  program.identifier.assign(reinterpret_cast<const char*>(bytes.data() + 4), 4);
  const FlatBuffer buffer(bytes);
  bool bad = false;
  const auto root = buffer.follow(0, bad);
  if (!root)
    return Error::corrupt("", 0, "executorch.bad-flatbuffer",
                          "the root offset is outside the file");
  if (const auto version = buffer.field(*root, 0, bad))
    program.version = buffer.u32(*version).value_or(0);
  std::vector<std::pair<Safety, std::string>> findings;
  std::set<std::string> operators_seen;
  for (const uint64_t plan : buffer.tables(*root, 1, kMaxPlans, bad)) {
    const std::string name = buffer.string_field(plan, 0, bad);
    program.plans.push_back(name);
    const std::string where = name.empty() ? "plan" : "plan " + name;
    for (const uint64_t op : buffer.tables(plan, 6, kMaxOperators, bad)) {
      std::string full = buffer.string_field(op, 0, bad);
      if (const std::string overload = buffer.string_field(op, 1, bad); !overload.empty())
        full += "." + overload;
      if (!operators_seen.insert(full).second) continue;
      program.operators.push_back(full);
      if (!builtin_namespace(full))
        findings.emplace_back(Safety::kSuspicious,
                              fmt::format("{}: operator {} is not one of PyTorch's: the runtime "
                                          "must bring a custom kernel for it, which owl cannot see",
                                          where, full));
    }
    for (const uint64_t delegate : buffer.tables(plan, 7, kMaxDelegates, bad)) {
      const std::string id = buffer.string_field(delegate, 0, bad);
      program.delegates.push_back(id);
      findings.emplace_back(
          Safety::kSuspicious,
          fmt::format("{}: cannot inspect: a subgraph is delegated to backend {} as an opaque "
                      "blob that its native library parses and runs",
                      where, id.empty() ? "(unnamed)" : id));
    }
  }
  if (bad)
    return Error::corrupt("", std::nullopt, "executorch.bad-flatbuffer",
                          "an offset or length points outside the file, or a count is over owl's "
                          "cap");
  program.safety = pickle::write_findings(findings, program.findings);
  return program;
}

}  // namespace owl
