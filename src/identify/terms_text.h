// The text the term reader matches against: folded to lower case with a map
// back to the original bytes, cut into sentences with their line and the
// nearest numbered heading.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace owl::identify {

struct FoldedText {
  std::string text;              // folded (see fold_license_text)
  std::vector<uint32_t> origin;  // origin[i]: byte offset in the original of text[i]
};

// Lower-cases ASCII, straightens curly quotes, collapses whitespace to one
// space, and folds spellings: "non-commercial"/"non commercial" ->
// "noncommercial", "licence" -> "license", "authoriz" -> "authoris".
FoldedText fold_license_text(std::string_view original);

struct Sentence {
  size_t begin = 0, end = 0;  // byte range in the folded text
  size_t line = 0;            // 1-based line in the original where it starts
  std::string section;        // nearest numbered heading before it: "2", "1.b", "III", "第三条"
};

// Sentences end at ". ", "。", "!", "?" and blank lines (not at ";": list
// items share their lead-in); a numbered
// heading at a line start ("2.", "1.1", "(a)", "III.", "第三条", "一、")
// starts a new sentence and becomes the section of what follows.
std::vector<Sentence> split_sentences(std::string_view original, const FoldedText& folded);

}  // namespace owl::identify
