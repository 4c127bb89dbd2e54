// ExecuTorch programs built here as FlatBuffers: PyTorch's own operators and
// no delegates are safe, a custom operator or a delegate blob is not, and a
// program whose offsets leave the file is an error, not a crash.
#include "owl/executorch.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "builders/bytes_of.h"

namespace owl {
namespace {

using testing::bytes_of;

// A front-to-back FlatBuffer writer: every object is written after the
// field that points at it, so offsets are forward, as the format wants.
struct Buffer {
  std::string out;
  void align() {
    while (out.size() % 4 != 0) out.push_back('\0');
  }
  void put_u32(uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
  void put_u16(uint16_t value) {
    out.push_back(static_cast<char>(value & 0xFF));
    out.push_back(static_cast<char>(value >> 8));
  }
  void patch_u32(size_t at, uint32_t value) {
    for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  }
};

using Object = std::function<size_t(Buffer&)>;  // writes itself, returns its position
using Field = std::variant<std::monostate, uint32_t, Object>;

Object string_object(const std::string& text) {
  return [text](Buffer& b) {
    b.align();
    const size_t at = b.out.size();
    b.put_u32(static_cast<uint32_t>(text.size()));
    b.out += text;
    b.out.push_back('\0');
    return at;
  };
}

Object vector_object(std::vector<Object> elements) {
  return [elements](Buffer& b) {
    b.align();
    const size_t at = b.out.size();
    b.put_u32(static_cast<uint32_t>(elements.size()));
    for (size_t i = 0; i < elements.size(); ++i) b.put_u32(0);
    for (size_t i = 0; i < elements.size(); ++i) {
      const size_t slot = at + 4 + 4 * i;
      b.patch_u32(slot, static_cast<uint32_t>(elements[i](b) - slot));
    }
    return at;
  };
}

Object table_object(std::vector<Field> fields) {
  return [fields](Buffer& b) {
    b.align();
    const size_t vtable = b.out.size();
    b.put_u16(static_cast<uint16_t>(4 + 2 * fields.size()));
    b.put_u16(static_cast<uint16_t>(4 + 4 * fields.size()));
    for (size_t i = 0; i < fields.size(); ++i)
      b.put_u16(
          std::holds_alternative<std::monostate>(fields[i]) ? 0 : static_cast<uint16_t>(4 + 4 * i));
    b.align();
    const size_t table = b.out.size();
    b.put_u32(static_cast<uint32_t>(table - vtable));
    for (const Field& field : fields)
      b.put_u32(std::holds_alternative<uint32_t>(field) ? std::get<uint32_t>(field) : 0);
    for (size_t i = 0; i < fields.size(); ++i)
      if (const auto* child = std::get_if<Object>(&fields[i])) {
        const size_t slot = table + 4 + 4 * i;
        b.patch_u32(slot, static_cast<uint32_t>((*child)(b)-slot));
      }
    return table;
  };
}

Object op(const std::string& name, const std::string& overload) {
  return table_object({string_object(name), string_object(overload)});
}

std::string program(std::vector<Object> operators, std::vector<std::string> delegate_ids) {
  std::vector<Object> delegates;
  for (const auto& id : delegate_ids) delegates.push_back(table_object({string_object(id)}));
  const Object plan = table_object({string_object("forward"),
                                    {},
                                    {},
                                    {},
                                    {},
                                    {},
                                    vector_object(operators),
                                    vector_object(delegates)});
  const Object root = table_object({uint32_t{0}, vector_object({plan})});
  Buffer b;
  b.put_u32(0);
  b.out += "ET12";
  b.patch_u32(0, static_cast<uint32_t>(root(b)));
  return b.out;
}

ExecutorchProgram read(const std::string& bytes) {
  auto result = read_executorch(bytes_of(bytes));
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message());
  return result ? *result : ExecutorchProgram{};
}

TEST(Executorch, PytorchOperatorsWithoutDelegatesAreSafe) {
  const ExecutorchProgram p =
      read(program({op("aten::add", "out"), op("aten::mm", "out"), op("aten::add", "out")}, {}));
  EXPECT_EQ(p.identifier, "ET12");
  EXPECT_EQ(p.plans, std::vector<std::string>{"forward"});
  EXPECT_EQ(p.operators, (std::vector<std::string>{"aten::add.out", "aten::mm.out"}));
  EXPECT_EQ(p.safety, Safety::kSafe);
  EXPECT_TRUE(p.findings.empty());
}

TEST(Executorch, DelegateBlobCannotBeInspected) {
  const ExecutorchProgram p = read(program({op("aten::add", "out")}, {"XnnpackBackend"}));
  EXPECT_EQ(p.delegates, std::vector<std::string>{"XnnpackBackend"});
  EXPECT_EQ(p.safety, Safety::kSuspicious);
  ASSERT_EQ(p.findings.size(), 1u);
  EXPECT_EQ(p.findings[0].rfind("suspicious: plan forward: cannot inspect: a subgraph is delegated "
                                "to backend XnnpackBackend",
                                0),
            0u);
}

TEST(Executorch, CustomOperatorIsSuspicious) {
  const ExecutorchProgram p = read(program({op("my_lib::shell", "")}, {}));
  EXPECT_EQ(p.safety, Safety::kSuspicious);
  ASSERT_EQ(p.findings.size(), 1u);
  EXPECT_NE(p.findings[0].find("operator my_lib::shell is not one of PyTorch's"),
            std::string::npos);
}

TEST(Executorch, OffsetsOutsideTheFileAreAnError) {
  const std::string whole = program({op("aten::add", "out")}, {"XnnpackBackend"});
  for (size_t length = 8; length < whole.size(); length += 4) {
    auto result = read_executorch(bytes_of(whole.substr(0, length)));
    if (!result) {
      EXPECT_EQ(result.error().rule(), "executorch.bad-flatbuffer") << length;
    }
  }
  std::string wild = whole;
  wild[0] = '\xff';
  wild[3] = '\x7f';
  auto result = read_executorch(bytes_of(wild));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().rule(), "executorch.bad-flatbuffer");
  auto not_pte = read_executorch(bytes_of(std::string("PK\x03\x04 not a program")));
  ASSERT_FALSE(not_pte.has_value());
  EXPECT_EQ(not_pte.error().rule(), "executorch.magic");
}

}  // namespace
}  // namespace owl
