// The ONNX reader on ModelProto bytes built field by field: good models
// yield exact facts, and each malformed one names the wire rule it breaks.
#include "owl/onnx.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "builders/bytes_of.h"
#include "builders/protobuf_builder.h"
#include "read/onnx_wire.h"

namespace owl {
namespace {

using testing::bytes_of;
using P = testing::ProtoBuilder;

Expected<OnnxModel> read(const std::string& bytes) { return read_onnx(bytes_of(bytes)); }

std::string rule_of(const std::string& bytes) {
  auto model = read(bytes);
  return model.has_value() ? "parsed" : model.error().rule();
}

std::string packed(std::initializer_list<uint64_t> values) {
  std::string out;
  for (uint64_t value : values) out += P::varint(value);
  return out;
}

// A ResNet-like stem: a conv weight with packed dims and 37 KB of raw_data,
// a bias with unpacked dims, and a scalar.
std::string small_model() {
  const P weight = P().bytes_field(1, packed({64, 3, 7, 7}))
                       .int_field(2, 1)
                       .bytes_field(8, "conv1.weight")
                       .bytes_field(9, std::string(64 * 3 * 7 * 7 * 4, '\x11'));
  const P bias = P().int_field(1, 64).int_field(2, 1).bytes_field(8, "conv1.bias");
  const P scalar = P().int_field(2, 7).bytes_field(8, "step");
  const P node = P().bytes_field(1, "x").bytes_field(2, "y").bytes_field(4, "Conv");
  const P graph = P().message(1, node)
                      .message(1, node)
                      .bytes_field(2, "main_graph")
                      .message(5, weight)
                      .message(5, bias)
                      .message(1, node)
                      .message(5, scalar)
                      .message(11, P().bytes_field(1, "input"));
  return P()
      .int_field(1, 8)
      .message(8, P().bytes_field(1, "").int_field(2, 17))
      .message(8, P().bytes_field(1, "com.microsoft").int_field(2, 1))
      .bytes_field(2, "pytorch")
      .bytes_field(3, "2.1.0")
      .bytes_field(4, "org.example")
      .int_field(5, 3)
      .bytes_field(6, "A tiny test model.")
      .message(7, graph)
      .message(14, P().bytes_field(1, "license").bytes_field(2, "MIT"))
      .message(14, P().bytes_field(1, "author").bytes_field(2, "Ada"))
      .bytes();
}

TEST(Onnx, SmallModelYieldsEveryHeaderField) {
  auto model = read(small_model());
  ASSERT_TRUE(model.has_value()) << model.error().message();
  EXPECT_EQ(model->ir_version, 8);
  EXPECT_EQ(model->producer_name, "pytorch");
  EXPECT_EQ(model->producer_version, "2.1.0");
  EXPECT_EQ(model->domain, "org.example");
  EXPECT_EQ(model->model_version, 3);
  EXPECT_EQ(model->doc_string, "A tiny test model.");
  EXPECT_EQ(model->graph_name, "main_graph");
  using Opsets = std::vector<std::pair<std::string, int64_t>>;
  EXPECT_EQ(model->opsets, (Opsets{{"", 17}, {"com.microsoft", 1}}));
  EXPECT_EQ(model->metadata_props,
            (std::map<std::string, std::string>{{"author", "Ada"}, {"license", "MIT"}}));
  EXPECT_EQ(model->node_count, 3u);
  EXPECT_EQ(model->initializer_count, 3u);
  EXPECT_EQ(model->parameter_count, 64u * 3 * 7 * 7 + 64 + 1);
}

TEST(Onnx, UnknownFieldsOfEveryWireTypeAreSkipped) {
  const std::string bytes = P().fixed32(99, 7)
                                .int_field(1, 9)
                                .fixed64(100, 1)
                                .bytes_field(25, "a function we do not read")
                                .int_field(101, -1)
                                .message(7, P().fixed32(3, 1).fixed64(4, 2).int_field(77, 5))
                                .bytes();
  auto model = read(bytes);
  ASSERT_TRUE(model.has_value()) << model.error().message();
  EXPECT_EQ(model->ir_version, 9);
  EXPECT_EQ(model->node_count, 0u);
}

TEST(Onnx, NegativeIntegersUseTenByteVarints) {
  auto model = read(P().int_field(1, 7).int_field(5, -1).bytes());
  ASSERT_TRUE(model.has_value()) << model.error().message();
  EXPECT_EQ(model->model_version, -1);
  EXPECT_EQ(P::varint(UINT64_MAX).size(), 10u);
}

TEST(Onnx, DeeplyNestedSubgraphsAreSkippedByLengthNotRecursed) {
  std::string inner;
  for (int level = 0; level < 2000; ++level) inner = P().bytes_field(5, inner).bytes();
  auto model = read(P().int_field(1, 8).message(7, P().bytes_field(1, inner)).bytes());
  ASSERT_TRUE(model.has_value()) << model.error().message();
  EXPECT_EQ(model->node_count, 1u);
}

TEST(Onnx, WireProblemsAreNamed) {
  const std::string ir = P().int_field(1, 8).bytes();
  EXPECT_EQ(rule_of(ir + "\x10"), "onnx.truncated-varint");  // tag of field 2, no value
  EXPECT_EQ(rule_of(ir + "\x28\x80\x80"), "onnx.truncated-varint");
  EXPECT_EQ(rule_of(ir + "\x28" + std::string(10, '\x80') + "\x01"), "onnx.varint-too-long");
  EXPECT_EQ(rule_of(ir + "\x28" + std::string(9, '\xff') + "\x02"), "onnx.varint-too-long");
  EXPECT_EQ(rule_of(ir + "\x12\x05" + "abc"), "onnx.length-past-end");
  EXPECT_EQ(rule_of(ir + "\x12" + P::varint(1ull << 62)), "onnx.length-past-end");
  EXPECT_EQ(rule_of(ir + "\x12" + P::varint(UINT64_MAX)), "onnx.length-past-end");
  EXPECT_EQ(rule_of(ir + P::tag(9, 3)), "onnx.group-wire-type");
  EXPECT_EQ(rule_of(ir + P::tag(9, 4)), "onnx.group-wire-type");
  EXPECT_EQ(rule_of(ir + P::tag(9, 6)), "onnx.bad-wire-type");
  EXPECT_EQ(rule_of(ir + P::tag(9, 7)), "onnx.bad-wire-type");
  EXPECT_EQ(rule_of(ir + P::tag(0, 0) + "\x01"), "onnx.bad-field-number");
  EXPECT_EQ(rule_of(ir + P::varint(uint64_t{1} << 32)), "onnx.bad-field-number");
  EXPECT_EQ(rule_of(ir + P::tag(9, 5) + "ab"), "onnx.truncated");
  EXPECT_EQ(rule_of(ir + P::tag(9, 1) + "abcd"), "onnx.truncated");
}

TEST(Onnx, GroupsInsideTheGraphAreRefusedToo) {
  const std::string bytes = P().int_field(1, 8).message(7, P().raw(P::tag(1, 3))).bytes();
  auto model = read(bytes);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().rule(), "onnx.group-wire-type");
  EXPECT_EQ(model.error().offset(), 4u);  // ir_version, graph tag and length, then the group
}

TEST(Onnx, SchemaProblemsAreNamed) {
  EXPECT_EQ(rule_of(""), "onnx.missing-ir-version");
  EXPECT_EQ(rule_of(P().bytes_field(2, "producer only").bytes()), "onnx.missing-ir-version");
  EXPECT_EQ(rule_of(P().bytes_field(1, "8").bytes()), "onnx.wrong-wire-type");
  EXPECT_EQ(rule_of(P().int_field(1, 8).int_field(2, 5).bytes()), "onnx.wrong-wire-type");
  EXPECT_EQ(rule_of(P().int_field(1, 8).int_field(7, 5).bytes()), "onnx.wrong-wire-type");
  const auto with_initializer = [](const P& tensor) {
    return P().int_field(1, 8).message(7, P().message(5, tensor)).bytes();
  };
  EXPECT_EQ(rule_of(with_initializer(P().int_field(1, -4))), "onnx.negative-dim");
  EXPECT_EQ(rule_of(with_initializer(P().bytes_field(1, packed({1ull << 32, 1ull << 32})))),
            "onnx.element-count-overflow");
  EXPECT_EQ(rule_of(with_initializer(P().bytes_field(1, "\x80"))), "onnx.truncated-varint");
  EXPECT_EQ(rule_of(with_initializer(P().fixed32(1, 4))), "onnx.wrong-wire-type");
  const P entry = P().bytes_field(1, "license").bytes_field(2, "MIT");
  EXPECT_EQ(rule_of(P().int_field(1, 8).message(14, entry).message(14, entry).bytes()),
            "onnx.duplicate-metadata-key");
}

TEST(Onnx, StoredRepeatedFieldsAreCapped) {
  P model = P().int_field(1, 8);
  for (int i = 0; i < 1025; ++i) model.message(8, P().int_field(2, i));
  auto result = read(model.bytes());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().rule(), "onnx.too-many-opsets");
  EXPECT_EQ(result.error().kind(), ErrorKind::kLimit);
}

TEST(OnnxWire, OpeningPastTheNestingCapIsALimitError) {
  const std::string bytes = P().bytes_field(1, "").bytes();
  onnx_wire::MessageReader deepest(bytes_of(bytes), 0, onnx_wire::kMaxNesting);
  auto field = deepest.next();
  ASSERT_TRUE(field.has_value());
  auto child = deepest.open(*field);
  ASSERT_FALSE(child.has_value());
  EXPECT_EQ(child.error().rule(), "onnx.nesting-too-deep");
  onnx_wire::MessageReader shallow(bytes_of(bytes), 0, onnx_wire::kMaxNesting - 1);
  EXPECT_TRUE(shallow.open(*shallow.next()).has_value());
}

TEST(OnnxWire, VarintsDecodeUpToSixtyFourBits) {
  for (uint64_t value :
       {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{300}, uint64_t{1} << 63, UINT64_MAX}) {
    const std::string encoded = P::varint(value);
    ByteCursor cursor(bytes_of(encoded));
    auto decoded = onnx_wire::read_varint(cursor);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, value);
    EXPECT_TRUE(cursor.at_end());
  }
}

TEST(Onnx, EveryTruncationOfAGoodModelIsHandled) {
  const std::string good = small_model();
  const std::set<std::string> expected_rules = {"onnx.truncated-varint", "onnx.length-past-end",
                                                "onnx.missing-ir-version"};
  size_t parsed = 0;
  for (size_t length = 0; length < good.size(); length += (length < 200 ? 1 : 997)) {
    const std::string rule = rule_of(good.substr(0, length));
    if (rule == "parsed") {
      ++parsed;
      continue;
    }
    EXPECT_TRUE(expected_rules.count(rule)) << "length " << length << ": " << rule;
  }
  EXPECT_GT(parsed, 0u);  // cuts on a field boundary are complete, shorter models
}

}  // namespace
}  // namespace owl
