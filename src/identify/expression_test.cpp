#include <gtest/gtest.h>

#include "owl/identify.h"

namespace owl {
namespace {

std::string round_trip(std::string_view text) {
  const Expected<LicenseExpression> e = parse_license_expression(text);
  return e ? to_string(*e) : "error:" + e.error().rule();
}

TEST(LicenseExpression, SingleIdsWithPlusAndWith) {
  EXPECT_EQ(round_trip("MIT"), "MIT");
  EXPECT_EQ(round_trip("GPL-2.0+"), "GPL-2.0+");
  EXPECT_EQ(round_trip("GPL-2.0-or-later with Classpath-exception-2.0"),
            "GPL-2.0-or-later WITH Classpath-exception-2.0");
  EXPECT_EQ(round_trip("LicenseRef-owl-llama-3.1"), "LicenseRef-owl-llama-3.1");
  EXPECT_EQ(round_trip("DocumentRef-x:LicenseRef-y"), "DocumentRef-x:LicenseRef-y");
}

TEST(LicenseExpression, AndBindsTighterThanOr) {
  const Expected<LicenseExpression> e =
      parse_license_expression("MIT OR Apache-2.0 AND LicenseRef-owl-gemma-2025-03-24");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, LicenseExpression::Kind::kOr);
  ASSERT_EQ(e->operands.size(), 2u);
  EXPECT_EQ(e->operands[1].kind, LicenseExpression::Kind::kAnd);
  EXPECT_EQ(to_string(*e), "MIT OR Apache-2.0 AND LicenseRef-owl-gemma-2025-03-24");
}

TEST(LicenseExpression, ParenthesesKeptOnlyWhereNeededAndNestingFlattened) {
  EXPECT_EQ(round_trip("(MIT or BSD-3-Clause) and Apache-2.0"),
            "(MIT OR BSD-3-Clause) AND Apache-2.0");
  EXPECT_EQ(round_trip("((MIT AND (Apache-2.0 AND ISC)))"), "MIT AND Apache-2.0 AND ISC");
  EXPECT_EQ(round_trip("(MIT AND ISC) OR Zlib"), "MIT AND ISC OR Zlib");
}

TEST(LicenseExpression, MalformedExpressionsNameTheRule) {
  EXPECT_EQ(round_trip(""), "error:spdx-expression.empty");
  EXPECT_EQ(round_trip("MIT AND"), "error:spdx-expression.unexpected-end");
  EXPECT_EQ(round_trip("(MIT"), "error:spdx-expression.unclosed-parenthesis");
  EXPECT_EQ(round_trip("MIT Apache-2.0"), "error:spdx-expression.trailing-text");
  EXPECT_EQ(round_trip("MIT WITH"), "error:spdx-expression.missing-exception");
  EXPECT_EQ(round_trip("AND MIT"), "error:spdx-expression.unexpected-token");
  EXPECT_EQ(round_trip("(MIT OR ISC) WITH X"), "error:spdx-expression.with-needs-license");
  EXPECT_EQ(round_trip(std::string(100, '(') + "MIT" + std::string(100, ')')),
            "error:spdx-expression.too-deep");
  EXPECT_EQ(round_trip(std::string(5000, 'a')), "error:spdx-expression.too-long");
}

TEST(LicenseExpression, ErrorsCarryTheByteOffset) {
  const Expected<LicenseExpression> e = parse_license_expression("MIT AND (ISC");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().offset(), 12u);
}

}  // namespace
}  // namespace owl
