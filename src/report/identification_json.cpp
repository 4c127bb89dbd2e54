#include "identification_json.h"

namespace owl::detail {

namespace {

using nlohmann::ordered_json;

ordered_json candidates_json(const std::vector<Candidate>& candidates) {
  ordered_json out = ordered_json::array();
  for (const auto& candidate : candidates)
    out.push_back({{"id", candidate.id}, {"name", candidate.name}, {"score", candidate.score}});
  return out;
}

ordered_json differences_json(const Identification& identification) {
  ordered_json added = ordered_json::array();
  for (const auto& span : identification.added)
    added.push_back({{"offset", span.begin}, {"words", span.words}, {"text", span.text}});
  ordered_json removed = ordered_json::array();
  for (const auto& span : identification.removed)
    removed.push_back({{"words", span.words},
                       {"entry_word_offset", span.entry_word_offset},
                       {"entry_words", span.entry_words},
                       {"input_offset", span.input_offset},
                       {"after", span.after},
                       {"version_bearing", span.version_bearing}});
  return {{"added", added},
          {"removed", removed},
          {"version_differences", identification.version_differences}};
}

ordered_json modifications_json(const std::vector<Modification>& modifications) {
  ordered_json out = ordered_json::array();
  for (const auto& modification : modifications)
    out.push_back({{"change", to_string(modification.change)},
                   {"evidence", modification.evidence},
                   {"offset", modification.offset}});
  return out;
}

ordered_json components_json(const std::vector<Component>& components) {
  ordered_json out = ordered_json::array();
  for (const auto& component : components)
    out.push_back({{"id", component.id},
                   {"name", component.name},
                   {"quality", to_string(component.quality)},
                   {"score", component.score},
                   {"begin", component.begin},
                   {"end", component.end},
                   {"referenced_only", component.referenced_only}});
  return out;
}

}  // namespace

nlohmann::ordered_json identification_tree(const Identification& identification) {
  return {{"verdict", to_string(identification.verdict)},
          {"quality", to_string(identification.quality)},
          {"kind", to_string(identification.document)},
          {"id", identification.id},
          {"family", identification.family},
          {"version", identification.version},
          {"name", identification.name},
          {"modified_from", identification.modified_from},
          {"equivalent_ids", identification.equivalent_ids},
          {"score", identification.score},
          {"summary", describe(identification)},
          {"candidates", candidates_json(identification.candidates)},
          {"modifications", modifications_json(identification.modifications)},
          {"differences", differences_json(identification)},
          {"components", components_json(identification.components)},
          {"pointer_target", identification.pointer_target},
          {"input_words", identification.input_words}};
}

}  // namespace owl::detail
