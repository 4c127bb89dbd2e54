#include "identify/document_shapes.h"

#include <gtest/gtest.h>

#include "identify/detect.h"

namespace owl::identify {
namespace {

TEST(DocumentShapes, BuiltinLoadsWithoutErrors) {
  const auto& shapes = DocumentShapes::builtin();
  for (const auto& error : shapes.errors) ADD_FAILURE() << error.message();
  EXPECT_FALSE(shapes.card_front_matter_keys.empty());
  EXPECT_FALSE(shapes.card_section_headings.empty());
  EXPECT_FALSE(shapes.pointer_cues.empty());
  EXPECT_FALSE(shapes.pointer_file_names.empty());
}

TEST(DocumentShapes, BadEntriesAreErrorsWithTheirRule) {
  const auto rules = [](std::string_view yaml) {
    std::vector<std::string> out;
    for (const auto& error : DocumentShapes::parse("t.yaml", yaml).errors)
      out.push_back(error.rule());
    return out;
  };
  const std::string lists =
      "card_section_headings: [a]\npointer_cues: [b]\npointer_file_names: [c]\n";
  EXPECT_TRUE(rules("card_front_matter_keys: [license]\n" + lists).empty());
  EXPECT_EQ(rules(lists), std::vector<std::string>{"document-shapes.missing-list"});
  EXPECT_EQ(rules("card_front_matter_keys: [License]\n" + lists),
            std::vector<std::string>{"document-shapes.bad-word"});
  EXPECT_EQ(rules("card_front_matter_keys: [tags, tags]\n" + lists),
            std::vector<std::string>{"document-shapes.duplicate"});
  EXPECT_EQ(rules("card_front_matter_keys: [tags]\nextra: [x]\n" + lists),
            std::vector<std::string>{"document-shapes.unknown-key"});
  EXPECT_EQ(rules("card_front_matter_keys: [tags\n"),
            std::vector<std::string>{"document-shapes.yaml"});
}

// The lists drive the checks: a key, two headings, a cue and a file name.
TEST(DocumentShapes, TheListsDecideCardsAndPointers) {
  EXPECT_TRUE(looks_like_model_card("---\nbase_model: x/y\n---\nWeights.\n"));
  EXPECT_FALSE(looks_like_model_card("---\nbase_model_x: x/y\n---\nWeights.\n"));
  EXPECT_TRUE(looks_like_model_card("# Model Details\ntext\n## Training Data\ntext\n"));
  EXPECT_FALSE(looks_like_model_card("# Model Details\ntext\n# Definitions\n"));
  const PointerShape pointer = pointer_shape("Please refer to LICENSE.txt for the terms.");
  EXPECT_TRUE(pointer.cue);
  EXPECT_EQ(pointer.target, "LICENSE.txt");
  EXPECT_FALSE(pointer_shape("These terms bind you.").cue);
}

}  // namespace
}  // namespace owl::identify
