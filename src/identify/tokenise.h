// Normalisation and tokenisation shared by the engine and the index builder
// (scripts/gen_license_index_main.cpp compiles this file too, so the index and
// the engine can never disagree about what a word is).
//
// Normalisation is an ordered list of small pure steps:
//   1. skip YAML front matter ("---" ... "---" at the start);
//   2. skip copyright statement lines ("Copyright (c) 2024 ...", "© ...");
//   3. split into words: ASCII letter runs (lower-cased), digit runs that may
//      hold inner dots ("3.1", "1.1.1"), and each other non-punctuation code
//      point on its own (CJK text has no spaces); punctuation, markdown,
//      bullets and whitespace only separate words;
//   4. drop URL scheme words ("http", "https", "www");
//   5. fold British spellings ("licence" -> "license").
// Tokens keep byte offsets into the original text so added text can be quoted
// verbatim.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace owl::identify {

struct ByteRange {
  size_t begin = 0, end = 0;
};

struct Token {
  uint32_t hash = 0;             // word_hash() of the normalised word
  uint32_t begin = 0, end = 0;   // byte offsets of the word in the original text
  bool version_bearing = false;  // any number, date or month name
  bool strong_version = false;   // a dotted number, a year-sized number or a month
};

// Step 1: byte offset just past a leading YAML front matter block, or 0.
size_t front_matter_end(std::string_view text);
// Step 2: whether one line (without its newline) is a copyright statement.
bool is_copyright_line(std::string_view line);
// Steps 1 and 2 together: the byte ranges the tokeniser skips, in order.
std::vector<ByteRange> skipped_regions(std::string_view text);
// Steps 4 and 5 for one lower-cased word: "" when dropped, else the word to hash.
std::string_view fold_word(std::string_view lowered);

// Numbers, dates and month names: the words that tell versions apart.
bool is_version_bearing(std::string_view normalised_word);
// Small plain integers (1-2 digits) are version-bearing but weak: list
// numbering changes them too, so they only count when both sides of a
// substitution have one ("Llama 2" -> "Llama 3").
bool is_strong_version(std::string_view normalised_word);

// FNV-1a (32 bit) of a normalised word; the index stores these.
uint32_t word_hash(std::string_view normalised_word);
// FNV-1a (64 bit) over a sequence of word hashes: the exact-match key.
uint64_t sequence_hash(std::span<const uint32_t> word_hashes);

// All steps. At most `max_tokens` tokens are returned (the rest is ignored).
std::vector<Token> tokenise(std::string_view text, size_t max_tokens = 400000);

// The normalised words themselves (for tests and the index builder).
std::vector<std::string> normalised_words(std::string_view text);

}  // namespace owl::identify
