// Fuzzes read_model_card (and, on the same YAML-shaped input, the mergekit
// reader), then the one Markdown parse of its body and the prose readers on
// it. A card that reads must hand back a body that is a suffix of the input
// and lines that exist in it; the parse keeps every line of the body, in
// order, numbered from the body's first line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "owl/lineage.h"
#include "owl/model_card.h"

namespace {

void check_line(int line, int lines) {
  if (line < 1 || line > lines) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)owl::read_merge_config(text);
  auto card = owl::read_model_card(text);
  if (!card) return 0;
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (card->body.size() > text.size() ||
      text.substr(text.size() - card->body.size()) != card->body) {
    __builtin_trap();
  }
  check_line(card->body_line, lines + 1);
  for (const auto* list :
       {&card->licenses, &card->base_models, &card->datasets, &card->tags, &card->languages}) {
    for (const owl::CardValue& value : *list) check_line(value.line, lines);
  }
  for (const auto& [key, value] : card->extra_gated) check_line(value.line, lines);
  const auto evidence = owl::read_card_evidence(card->body, card->body_line, "org/model");
  int expected = card->body_line;
  for (const auto& line : evidence.text.lines)
    if (line.number != expected++) __builtin_trap();
  for (const auto& claim : evidence.lineage) check_line(claim.line, lines);
  return 0;
}
