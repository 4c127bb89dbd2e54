// JsonWriter must give, byte for byte, what nlohmann's dump gives for the
// same tree: scan --json's documented format and its golden files were made
// by dump, and a consumer diffing two runs must not see the printer change.
#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <random>

namespace owl::detail {
namespace {

using nlohmann::ordered_json;

std::string dumped(const ordered_json& tree, int indent) {
  return tree.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const ordered_json& tree, int indent, size_t depth = 0) {
  std::string out;
  JsonWriter(out, indent, depth).value(tree);
  return out;
}

// Strings that stress the escaper: control bytes, quotes, backslashes, DEL,
// valid multi-byte UTF-8 and every kind of invalid sequence.
std::string random_bytes(std::mt19937& random) {
  static const std::vector<std::string> pieces = {"a",
                                                  "Z",
                                                  " ",
                                                  "\"",
                                                  "\\",
                                                  "/",
                                                  "\x7f",
                                                  "\n",
                                                  "\t",
                                                  "\r",
                                                  "\b",
                                                  "\f",
                                                  std::string(1, '\0'),
                                                  "\x01",
                                                  "\x1f",
                                                  "é",
                                                  "€",
                                                  "😀",
                                                  "\xc3",
                                                  "\xc0\xaf",
                                                  "\xe0\x80\x80",
                                                  "\xed\xa0\x80",
                                                  "\xf4\x90\x80\x80",
                                                  "\xf0\x9f\x98",
                                                  "\x80",
                                                  "\xff",
                                                  "\xe2\x82",
                                                  "\xc2\xa0",
                                                  "\xef\xbf\xbd"};
  std::string out;
  const size_t count = random() % 12;
  for (size_t i = 0; i < count; ++i) out += pieces[random() % pieces.size()];
  return out;
}

ordered_json random_tree(std::mt19937& random, int depth) {
  switch (random() % (depth > 3 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return random() % 2 == 0;
    case 2: return static_cast<int64_t>(random()) - (1LL << 31);
    case 3: return static_cast<uint64_t>(random()) << 20;
    case 4: return std::uniform_real_distribution<double>(-1e6, 1e6)(random);
    case 5: return random_bytes(random);
    case 6: {
      ordered_json list = ordered_json::array();
      for (size_t i = random() % 4; i > 0; --i) list.push_back(random_tree(random, depth + 1));
      return list;
    }
    default: {
      ordered_json object = ordered_json::object();
      for (size_t i = random() % 4; i > 0; --i)
        object[random_bytes(random)] = random_tree(random, depth + 1);
      return object;
    }
  }
}

TEST(JsonWriter, MatchesNlohmannDumpOnRandomTrees) {
  std::mt19937 random(20261206);
  for (int round = 0; round < 3000; ++round) {
    const ordered_json tree = random_tree(random, 0);
    for (int indent : {-1, 0, 2, 4})
      ASSERT_EQ(written(tree, indent), dumped(tree, indent)) << round;
  }
}

TEST(JsonWriter, EmptyContainersStayOnTheirLine) {
  const ordered_json tree = {{"a", ordered_json::array()},
                             {"b", ordered_json::object()},
                             {"c", {ordered_json::array(), ordered_json::object()}}};
  EXPECT_EQ(written(tree, 2), "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    [],\n    {}\n  ]\n}");
  EXPECT_EQ(written(tree, -1), R"({"a":[],"b":{},"c":[[],{}]})");
}

// Nested `depth` spaces deep: every line after the first indented by that
// much more, as if the value were dumped inside a larger document.
TEST(JsonWriter, DepthIndentsEveryLineAfterTheFirst) {
  const ordered_json tree = {{"name", "x"}, {"list", {1, 2}}};
  EXPECT_EQ(written(tree, 2, 4),
            "{\n      \"name\": \"x\",\n      \"list\": [\n        1,\n        2\n      ]\n    }");
}

TEST(JsonWriter, FieldsAndOptionals) {
  std::string out;
  JsonWriter json(out, -1);
  json.begin_object()
      .field("none", std::optional<int>())
      .field("some", std::optional<std::string>("v"))
      .field_or_null("empty", "")
      .field("map", std::map<std::string, uint64_t>{{"F16", 2}, {"BF16", 1}})
      .field("list", std::vector<std::string>{"a", "b"})
      .end_object();
  EXPECT_EQ(out,
            R"({"none":null,"some":"v","empty":null,"map":{"BF16":1,"F16":2},"list":["a","b"]})");
}

TEST(JsonWriter, InvalidUtf8IsReplacedAsNlohmannReplacesIt) {
  for (const std::string text : {"ok\xff", "\xc3(", "\xe2\x82", "a\xed\xa0\x80z", "\xf0\x9f\x98"}) {
    std::string out;
    append_json_string(out, text);
    EXPECT_EQ(out, dumped(ordered_json(text), -1));
    EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos);
  }
}

}  // namespace
}  // namespace owl::detail
