// Hand-written cards for the edges of front matter splitting and YAML
// reading; the real-card tests are in model_card_test.cpp.
#include "read/model_card_front_matter.h"

#include <gtest/gtest.h>

#include "owl/model_card.h"

namespace owl {
namespace {

ModelCard read_ok(const std::string& text) {
  auto card = read_model_card(text);
  EXPECT_TRUE(card) << card.error().message();
  return card ? *card : ModelCard{};
}

bool has_warning(const ModelCard& card, const std::string& rule) {
  for (const std::string& warning : card.warnings) {
    if (warning.rfind(rule + ":", 0) == 0) return true;
  }
  return false;
}

TEST(CardSplit, PlainFrontMatter) {
  const CardSections sections = split_model_card("---\nlicense: mit\n---\n# Title\n");
  EXPECT_TRUE(sections.has_front_matter);
  EXPECT_EQ(sections.yaml, "license: mit\n");
  EXPECT_EQ(sections.yaml_line, 2);
  EXPECT_EQ(sections.yaml_offset, 4u);
  EXPECT_EQ(sections.body, "# Title\n");
  EXPECT_EQ(sections.body_line, 4);
}

TEST(CardSplit, ByteOrderMarkCrlfAndLeadingBlankLines) {
  const CardSections sections =
      split_model_card("\xEF\xBB\xBF\r\n\r\n---\r\nlicense: mit\r\n---  \r\nbody\r\n");
  EXPECT_TRUE(sections.has_front_matter);
  EXPECT_EQ(sections.yaml, "license: mit\r\n");
  EXPECT_EQ(sections.yaml_line, 4);
  EXPECT_EQ(sections.body, "body\r\n");
  EXPECT_EQ(sections.body_line, 6);
}

TEST(CardSplit, FourDashesDoNotClose) {
  const CardSections sections = split_model_card("---\na: 1\n----\nb: 2\n---\nbody");
  EXPECT_EQ(sections.yaml, "a: 1\n----\nb: 2\n");
  EXPECT_EQ(sections.body, "body");
}

TEST(CardSplit, TextBeforeTheOpeningDashesMeansNoFrontMatter) {
  const CardSections sections = split_model_card("# Title\n---\nlicense: mit\n---\n");
  EXPECT_FALSE(sections.has_front_matter);
  EXPECT_FALSE(sections.unterminated);
  EXPECT_EQ(sections.body_line, 1);
}

TEST(CardSplit, EmptyFrontMatterAndClosingAtEndOfFile) {
  const CardSections sections = split_model_card("---\n---");
  EXPECT_TRUE(sections.has_front_matter);
  EXPECT_EQ(sections.yaml, "");
  EXPECT_EQ(sections.body, "");
  EXPECT_EQ(sections.body_line, 3);
}

TEST(CardSplit, CarriageReturnRunsAreDroppedWithPositionsMappedBack) {
  const LfYaml yaml = strip_carriage_returns("a: 1\r\r\nb: 2\r\nc\rd\n");
  EXPECT_EQ(yaml.text, "a: 1\nb: 2\nc\rd\n");
  EXPECT_EQ(yaml.original_position(0), 0u);
  EXPECT_EQ(yaml.original_position(4), 6u);    // the '\n' after the two CRs
  EXPECT_EQ(yaml.original_position(5), 7u);    // 'b'
  EXPECT_EQ(yaml.original_position(10), 13u);  // 'c'
}

TEST(ModelCard, NoFrontMatter) {
  const ModelCard card = read_ok("# Just markdown\n");
  EXPECT_FALSE(card.has_front_matter);
  EXPECT_EQ(card.body, "# Just markdown\n");
  EXPECT_EQ(card.body_line, 1);
}

TEST(ModelCard, YamlSyntaxErrorNamesReadmeLineAndByte) {
  const std::string text = "---\nlicense: mit\ntags: [a, b\n---\nbody\n";
  auto card = read_model_card(text);
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().rule(), "card.yaml-syntax");
  EXPECT_EQ(card.error().kind(), ErrorKind::kCorrupt);
  EXPECT_NE(card.error().detail().find("line 4"), std::string::npos) << card.error().detail();
  ASSERT_TRUE(card.error().offset());
  EXPECT_LE(*card.error().offset(), text.size());
}

TEST(ModelCard, SyntaxErrorOffsetSurvivesCrlf) {
  // Same card with "\r\r\n" line ends: the byte offset must point into the
  // original text, past the dropped CRs.
  // (tags: owl reads it, so its YAML is parsed; see UnreadBlocks below.)
  const std::string text = "---\r\r\nlicense: mit\r\r\ntags: [a\r\r\n---\r\r\n";
  auto card = read_model_card(text);
  ASSERT_FALSE(card);
  EXPECT_NE(card.error().detail().find("line "), std::string::npos);
  ASSERT_TRUE(card.error().offset());
  EXPECT_GE(*card.error().offset(), 20u);
  EXPECT_LE(*card.error().offset(), text.size());
}

TEST(ModelCard, OversizedFrontMatterIsALimit) {
  std::string text = "---\n";
  for (int i = 0; i < 70000; ++i) text += "k" + std::to_string(i) + ": vvvvvvvv\n";
  text += "---\n";
  auto card = read_model_card(text);
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().rule(), "card.front-matter-too-large");
  EXPECT_EQ(card.error().kind(), ErrorKind::kLimit);
}

TEST(ModelCard, FrontMatterThatIsNotAMap) {
  const ModelCard card = read_ok("---\n- just\n- a list\n---\nbody");
  EXPECT_TRUE(card.has_front_matter);
  EXPECT_TRUE(has_warning(card, "card.front-matter-not-mapping"));
  EXPECT_TRUE(card.licenses.empty());
}

TEST(ModelCard, EmptyFrontMatterIsFine) {
  const ModelCard card = read_ok("---\n---\nbody");
  EXPECT_TRUE(card.has_front_matter);
  EXPECT_TRUE(card.warnings.empty());
  EXPECT_EQ(card.body, "body");
}

TEST(ModelCard, WrongShapesAreWarningsNotFailures) {
  const ModelCard card = read_ok(
      "---\n"
      "license: {name: mit}\n"
      "base_model:\n"
      "- name: org/a\n"
      "- org/b\n"
      "- [nested]\n"
      "pipeline_tag: [a, b]\n"
      "tags: 7\n"
      "---\n");
  EXPECT_TRUE(card.licenses.empty());
  ASSERT_EQ(card.base_models.size(), 1u);
  EXPECT_EQ(card.base_models[0].value, "org/b");
  EXPECT_EQ(card.base_models[0].line, 5);
  EXPECT_FALSE(card.pipeline_tag);
  ASSERT_EQ(card.tags.size(), 1u);
  EXPECT_EQ(card.tags[0].value, "7");
  EXPECT_EQ(card.warnings.size(), 4u);
  EXPECT_TRUE(has_warning(card, "card.unexpected-type"));
}

TEST(ModelCard, WarningsAreBounded) {
  std::string text = "---\ntags:\n";
  for (int i = 0; i < 100; ++i) text += "- {bad: " + std::to_string(i) + "}\n";
  text += "- good\n---\n";
  const ModelCard card = read_ok(text);
  ASSERT_EQ(card.warnings.size(), 33u);
  EXPECT_EQ(card.warnings.back(), "card.too-many-warnings: further warnings omitted");
  ASSERT_EQ(card.tags.size(), 1u);
  EXPECT_EQ(card.tags[0].line, 103);
}

TEST(ModelCard, GatedBooleansAreNormalised) {
  EXPECT_EQ(read_ok("---\ngated: true\n---\n").gated->value, "true");
  EXPECT_EQ(read_ok("---\ngated: Yes\n---\n").gated->value, "true");
  EXPECT_EQ(read_ok("---\ngated: off\n---\n").gated->value, "false");
  EXPECT_EQ(read_ok("---\ngated: auto\n---\n").gated->value, "auto");
  // Quoted, "yes" is a string, as in PyYAML.
  EXPECT_EQ(read_ok("---\ngated: 'yes'\n---\n").gated->value, "yes");
  EXPECT_FALSE(read_ok("---\ngated:\n---\n").gated);
}

TEST(ModelCard, ExtraGatedValuesAsCompactText) {
  const ModelCard card = read_ok(
      "---\n"
      "extra_gated_heading: Hi \"there\"\n"
      "extra_gated_fields:\n"
      "  Name: text\n"
      "  Purpose:\n"
      "    type: select\n"
      "    options: [Research, \"Other \\\"x\\\"\"]\n"
      "extra_gated_eu_disallowed: true\n"
      "extra_gated_empty:\n"
      "---\n");
  ASSERT_EQ(card.extra_gated.size(), 4u);
  EXPECT_EQ(card.extra_gated.at("extra_gated_heading").value, "Hi \"there\"");
  EXPECT_EQ(card.extra_gated.at("extra_gated_heading").line, 2);
  EXPECT_EQ(card.extra_gated.at("extra_gated_fields").value,
            R"({"Name":"text","Purpose":{"type":"select","options":["Research","Other \"x\""]}})");
  EXPECT_EQ(card.extra_gated.at("extra_gated_fields").line, 4);
  EXPECT_EQ(card.extra_gated.at("extra_gated_eu_disallowed").value, "true");
  EXPECT_EQ(card.extra_gated.at("extra_gated_empty").value, "");
  EXPECT_EQ(card.extra_gated.at("extra_gated_empty").line, 9);
}

TEST(ModelCard, AliasBombIsALimitNotAHang) {
  std::string text = "---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + "," + prev + "," +
            prev + "," + prev + "," + prev + "," + prev + "," + prev + "," + prev + "," + prev +
            "," + prev + "]\n";
  }
  text += "extra_gated_fields: *a11\n---\n";
  auto card = read_model_card(text);
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().rule(), "card.yaml-expansion-too-large");
  EXPECT_EQ(card.error().kind(), ErrorKind::kLimit);
}

TEST(ModelCard, AliasedLongStringRepeatedInAListIsALimit) {
  std::string text = "---\nbig: &b " + std::string(200000, 'x') + "\ntags: [";
  for (int i = 0; i < 200; ++i) text += "*b,";
  text += "*b]\n---\n";
  auto card = read_model_card(text);
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().rule(), "card.yaml-expansion-too-large");
}

TEST(ModelCard, SelfReferentialAliasDoesNotLoop) {
  auto card = read_model_card("---\nextra_gated_fields: &a [1, *a]\n---\n");
  if (card) {
    EXPECT_EQ(card->extra_gated.count("extra_gated_fields"), 1u);
  } else {
    EXPECT_EQ(card.error().kind(), ErrorKind::kLimit) << card.error().message();
  }
}

TEST(ModelCard, DeepFlowNestingIsALimit) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  auto card = read_model_card("---\ntags: " + deep + "\n---\n");
  ASSERT_FALSE(card);
  EXPECT_EQ(card.error().rule(), "card.yaml-too-deep");
  EXPECT_EQ(card.error().kind(), ErrorKind::kLimit);
}

TEST(ModelCard, NonScalarKeysAreIgnored) {
  const ModelCard card = read_ok("---\n? [a, b]\n: c\nlicense: mit\n---\n");
  ASSERT_EQ(card.licenses.size(), 1u);
  EXPECT_EQ(card.licenses[0].line, 4);
}

TEST(ModelCard, LanguageStringOrList) {
  EXPECT_EQ(read_ok("---\nlanguage: fr\n---\n").languages.size(), 1u);
  const ModelCard card = read_ok("---\nlanguage:\n  - en\n  - zh\n---\n");
  ASSERT_EQ(card.languages.size(), 2u);
  EXPECT_EQ(card.languages[1].value, "zh");
  EXPECT_EQ(card.languages[1].line, 4);
}

}  // namespace
}  // namespace owl

namespace owl {
namespace {

bool read_everything(std::string_view) { return false; }
bool read_license(std::string_view key) { return key == "license"; }

TEST(UnreadBlocks, SkippedLinesStayAsEmptyLinesAndTheKeyLineAsKeyColon) {
  const std::string yaml =
      "license: mit\n"
      "model-index:\n"
      "- name: x\n"
      "  results:\n"
      "\n"
      "# a comment\n"
      "    - task: {type: text-generation}\n"
      "widget: [a,\n"
      "  b]\n"
      "license_link: LICENSE";
  auto trimmed = empty_unread_blocks(yaml, read_license);
  ASSERT_TRUE(trimmed);
  EXPECT_EQ(*trimmed, "license: mit\nmodel-index:\n\n\n\n\n\nwidget:\n\nlicense_link:");
  EXPECT_EQ(empty_unread_blocks("a: 1\nb: 2\n", read_everything), "a:\nb:\n");
}

TEST(UnreadBlocks, QuotedKeysAndColonsInsidePlainKeys) {
  auto trimmed = empty_unread_blocks("\"license\": mit\n'x y' : 1\na:b: 2\n", read_license);
  ASSERT_TRUE(trimmed);
  EXPECT_EQ(*trimmed, "\"license\": mit\n'x y' :\na:b:\n");
}

TEST(UnreadBlocks, AColumnZeroLineThatIsNotASimpleKeyStopsTheSkipping) {
  EXPECT_FALSE(empty_unread_blocks("? [a, b]\n: c\nlicense: mit\n", read_license));
  // A list at the root has no keys: nothing is skipped.
  EXPECT_EQ(empty_unread_blocks("- a list\n- as root\n", read_license), "- a list\n- as root\n");
  EXPECT_FALSE(empty_unread_blocks("widget: [a,\n]\n", read_license));
  EXPECT_FALSE(empty_unread_blocks("\"li\\x63ense\": mit\n", read_license));
  EXPECT_FALSE(empty_unread_blocks("{license: mit}\n", read_license));
}

TEST(ModelCard, KeysAfterASkippedBlockKeepTheirLineNumbers) {
  const ModelCard card = read_ok(
      "---\n"
      "model-index:\n"
      "- name: m\n"
      "  results:\n"
      "  - task:\n"
      "      type: text-generation\n"
      "widget:\n"
      "  - text: hi\n"
      "license: apache-2.0\n"
      "base_model:\n"
      "- org/base\n"
      "---\nbody\n");
  ASSERT_EQ(card.licenses.size(), 1u);
  EXPECT_EQ(card.licenses[0].value, "apache-2.0");
  EXPECT_EQ(card.licenses[0].line, 9);
  ASSERT_EQ(card.base_models.size(), 1u);
  EXPECT_EQ(card.base_models[0].line, 11);
  EXPECT_EQ(card.body_line, 13);
}

TEST(ModelCard, AKeptKeyAliasingAnAnchorInASkippedBlockStillReads) {
  const ModelCard card = read_ok("---\ndefaults: &lic apache-2.0\nlicense: *lic\n---\n");
  ASSERT_EQ(card.licenses.size(), 1u);
  EXPECT_EQ(card.licenses[0].value, "apache-2.0");
}

TEST(ModelCard, DuplicateSkippedKeysAreStillReported) {
  const ModelCard card = read_ok("---\nwidget:\n- a\nwidget:\n- b\nlicense: mit\n---\n");
  EXPECT_TRUE(has_warning(card, "card.duplicate-key"));
  EXPECT_NE(card.warnings[0].find("line 4"), std::string::npos) << card.warnings[0];
}

// The price of skipping: YAML broken only inside a block owl never reads is
// not parsed, so not an error (the Hub would flag the card's metadata).
TEST(ModelCard, BrokenYamlInsideASkippedBlockIsNotAnError) {
  const ModelCard card = read_ok("---\nmodel-index:\n  - name: [unclosed\nlicense: mit\n---\n");
  ASSERT_EQ(card.licenses.size(), 1u);
  EXPECT_EQ(card.licenses[0].line, 4);
  auto whole =
      detail::read_model_card("---\nmodel-index:\n  - name: [unclosed\nlicense: mit\n---\n",
                              /*skip_unread_blocks=*/false);
  ASSERT_FALSE(whole);
  EXPECT_EQ(whole.error().rule(), "card.yaml-syntax");
}

}  // namespace
}  // namespace owl
